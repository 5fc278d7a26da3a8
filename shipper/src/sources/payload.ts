/**
 * What the sources that receive JSON (http, mqtt) do with a payload object: its document
 * (`message` from `message`, or `msg`, which is moved, else the raw text; `@timestamp` from
 * `@timestamp`, `timestamp` or `time` — the latter two moved — else receive time) and the
 * shipper's fields (`host.name` unless the payload names a host, `agent.*`, `log.source.address`).
 */
import { isPlainObject, type JsonValue, type LogDocument } from '@driftwood/core';
import type { SourceContext } from '../component.ts';

/** ISO 8601 for epoch ms (number or digits) or a date string; undefined when it is not a time. */
export function parseTime(value: JsonValue | undefined): string | undefined {
  let ms: number;
  if (typeof value === 'number') ms = value;
  else if (typeof value === 'string' && value !== '')
    ms = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Date.parse(value);
  else return undefined;
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}

/** A JSON object received as an event → its document; `raw` is the text it was parsed from. */
export function objectToDoc(value: { [key: string]: JsonValue }, raw: string, received: Date): LogDocument {
  const doc: LogDocument = { ...value };
  if (typeof doc.message !== 'string') {
    if (typeof doc.msg === 'string') {
      doc.message = doc.msg;
      delete doc.msg;
    } else doc.message = doc.message === undefined ? raw : JSON.stringify(doc.message);
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

/** Adds the shipper's fields: `host.name` (unless the payload has one), `agent.*`, `log.source.address`. */
export function addShipperFields(
  doc: LogDocument,
  ctx: Pick<SourceContext, 'hostName' | 'agent'>,
  address: string,
): void {
  const hostValue = doc.host;
  const hasHostName = doc['host.name'] !== undefined || (isPlainObject(hostValue) && hostValue.name !== undefined);
  if (!hasHostName) doc.host = isPlainObject(hostValue) ? { ...hostValue, name: ctx.hostName } : { name: ctx.hostName };
  doc.agent = { ...ctx.agent };
  const log = isPlainObject(doc.log) ? { ...doc.log } : {};
  log.source = { address };
  doc.log = log;
}
