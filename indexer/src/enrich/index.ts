/**
 * Enrichments every stored event gets after parsing, whatever the input (ingest.ts calls them):
 * `host.name` from the syslog HOSTNAME when absent (syslog-host.ts) and
 * `driftwood.message_pattern` from `error.message`, else `message` (message-pattern.ts).
 */
import { getField, type LogDocument, setField } from '@driftwood/core';
import { MESSAGE_PATTERN_FIELD, messagePattern } from './message-pattern.ts';
import { hostFromSyslog } from './syslog-host.ts';

export { MESSAGE_PATTERN_FIELD, messagePattern } from './message-pattern.ts';
export { hostFromSyslog } from './syslog-host.ts';

export function enrichDocument(doc: LogDocument): void {
  hostFromSyslog(doc);
  // a client's own scalar `driftwood` is kept as sent (the store moves it aside if it conflicts)
  const own = doc.driftwood;
  if (own !== undefined && (own === null || typeof own !== 'object' || Array.isArray(own))) return;
  const error = getField(doc, 'error.message');
  const text = typeof error === 'string' && error !== '' ? error : doc.message;
  if (typeof text === 'string' && text !== '') setField(doc, MESSAGE_PATTERN_FIELD, messagePattern(text));
}
