/** A body item → its document (before host/agent/source metadata). */
import type { LogDocument } from '@driftwood/core';
import { objectToDoc } from '../payload.ts';
import type { BodyItem } from './body.ts';

/** An item → its document (before host/agent/source metadata). */
export function itemToDoc(item: BodyItem, received: Date): LogDocument {
  if (typeof item.value === 'string') return { '@timestamp': received.toISOString(), message: item.value };
  return objectToDoc(item.value, item.raw, received);
}
