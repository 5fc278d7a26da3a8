/** The line the stdout and file outputs write for an event: its document, with `event.id` = the event id. */
import { getField, type LogDocument, setField } from '@driftwood/core';
import type { ShipperEvent } from '../component.ts';

export function toNdjsonLine(event: ShipperEvent): string {
  let doc: LogDocument = event.doc;
  if (getField(doc, 'event.id') === undefined) {
    doc = structuredClone(doc);
    setField(doc, 'event.id', event.id);
  }
  return `${JSON.stringify(doc)}\n`;
}
