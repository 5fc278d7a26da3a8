/**
 * nginx: access lines (`combined`, plus trailing extras) → `nginx.access`; error lines
 * (`2024/01/02 10:00:00 [error] 123#0: *1 msg, client: 1.2.3.4, server: x, request: "GET / HTTP/1.1"`)
 * → `nginx.error`. Anything else keeps `message` and gets `_grokparsefailure`.
 */
import { type LogDocument, setField, wallToEpoch } from '@driftwood/core';
import { isIp } from '../ip.ts';
import { normalizeLevel } from '../level.ts';
import type { LineContext } from '../runner.ts';
import { parseAccessLine } from './access-log.ts';

const ERROR = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) \[(\w+)\] (\d+)#(\d+): (?:\*(\d+) )?(.*)$/s;
const CONTEXT = /, (client|server|request|upstream|host|referrer): ("(?:[^"\\]|\\.)*"|[^,]*)/g;

export function parseNginxError(line: string, ctx: LineContext): LogDocument | undefined {
  const m = ERROR.exec(line);
  if (m === null) return undefined;
  const ms = wallToEpoch(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    0,
    ctx.timezone,
  );
  if (Number.isNaN(ms)) return undefined;
  const doc: LogDocument = { '@timestamp': new Date(ms).toISOString() };
  setField(doc, 'log.level', normalizeLevel(m[7]) ?? 'error');
  setField(doc, 'process.pid', Number(m[8]));
  setField(doc, 'process.thread.id', Number(m[9]));
  if (m[10] !== undefined) setField(doc, 'nginx.error.connection_id', Number(m[10]));
  let message = m[11] as string;
  const firstContext = message.search(/, (?:client|server|request|upstream|host): /);
  if (firstContext !== -1) {
    const tail = message.slice(firstContext);
    message = message.slice(0, firstContext);
    for (const c of tail.matchAll(CONTEXT)) {
      const key = c[1] as string;
      let value = c[2] as string;
      if (value.startsWith('"')) value = value.slice(1, -1);
      if (key === 'client') {
        setField(doc, 'source.address', value);
        if (isIp(value)) setField(doc, 'source.ip', value);
      } else if (key === 'server') setField(doc, 'nginx.error.server', value);
      else if (key === 'upstream') setField(doc, 'nginx.error.upstream', value);
      else if (key === 'host') setField(doc, 'url.domain', value);
      else if (key === 'referrer') setField(doc, 'http.request.referrer', value);
      else if (key === 'request') {
        const r = /^(\S+) (\S+)(?: HTTP\/(\S+))?$/.exec(value);
        if (r !== null) {
          setField(doc, 'http.request.method', r[1] as string);
          setField(doc, 'url.original', r[2] as string);
          if (r[3] !== undefined) setField(doc, 'http.version', r[3]);
        }
      }
    }
  }
  doc.message = message;
  setField(doc, 'event.dataset', 'nginx.error');
  return doc;
}

export function parseNginx(line: string, ctx: LineContext): LogDocument {
  const access = parseAccessLine(line, 'nginx.access');
  if (access !== undefined) return access;
  const error = parseNginxError(line, ctx);
  if (error !== undefined) return error;
  return { message: line, tags: ['_grokparsefailure'], event: { dataset: 'nginx.access' } };
}

export const nginxPipeline = {
  name: 'nginx',
  description:
    'nginx access (combined) and error logs → http.*, url.*, source.ip, user_agent.*; event.dataset nginx.access / nginx.error',
  parser: parseNginx,
};
