/** The line the stdout and file outputs write for an event: its document, with `event.id` = the event id. */
import { getField, type LogDocument, setField } from '@driftwood/core';
import type { QueuedEvent } from '../component.ts';
import { docText } from '../queue/types.ts';

export function toNdjsonLine(event: QueuedEvent): string {
  const text = docText(event);
  const doc = JSON.parse(text) as LogDocument;
  if (getField(doc, 'event.id') !== undefined) return `${text}\n`;
  setField(doc, 'event.id', event.id);
  return `${JSON.stringify(doc)}\n`;
}
