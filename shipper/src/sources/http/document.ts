/** A body item → its document (before host/agent/source metadata). */
import type { LogDocument } from '@driftwood/core';
import { parseTime } from '../payload-time.ts';
import type { BodyItem } from './body.ts';

/** An item → its document (before host/agent/source metadata). */
export function itemToDoc(item: BodyItem, received: Date): LogDocument {
  if (typeof item.value === 'string') return { '@timestamp': received.toISOString(), message: item.value };
  const doc: LogDocument = { ...item.value };
  if (typeof doc.message !== 'string') {
    if (typeof doc.msg === 'string') {
      doc.message = doc.msg;
      delete doc.msg;
    } else if (doc.message !== undefined) {
      doc.message = JSON.stringify(doc.message);
    } else {
      doc.message = item.raw;
    }
  }
  let timestamp = parseTime(doc['@timestamp']);
  for (const key of ['timestamp', 'time']) {
    if (timestamp !== undefined) break;
    timestamp = parseTime(doc[key]);
    if (timestamp !== undefined) delete doc[key];
  }
  doc['@timestamp'] = timestamp ?? received.toISOString();
  return doc;
}
