/**
 * ECS `host.name` for syslog: the host the event is about is the sender that the message names in
 * its HOSTNAME field (`log.syslog.hostname`). When an event arrives without `host.name` (a relay,
 * a shipper that does not add its own), it is set from there, with `host.hostname` too when absent.
 */
import { getField, type LogDocument, setField } from '@driftwood/core';

export function hostFromSyslog(doc: LogDocument): void {
  const sender = getField(doc, 'log.syslog.hostname');
  if (typeof sender !== 'string' || sender === '' || sender === '-') return;
  if (getField(doc, 'host.name') !== undefined) return;
  setField(doc, 'host.name', sender);
  if (getField(doc, 'host.hostname') === undefined) setField(doc, 'host.hostname', sender);
}
