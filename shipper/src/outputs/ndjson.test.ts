import { describe, expect, it } from 'vitest';
import { toQueued } from '../queue/types.ts';
import { toNdjsonLine } from './ndjson.ts';

describe('toNdjsonLine', () => {
  it('writes the document with event.id = the event id, one line', () => {
    const line = toNdjsonLine(toQueued({ id: 'e1', source: 's', doc: { message: 'a\nb', event: { kind: 'x' } } }));
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ message: 'a\nb', event: { kind: 'x', id: 'e1' } });
  });
  it('keeps an event.id the document already has, text as queued', () => {
    const e = toQueued({ id: 'e2', source: 's', json: '{"message":"m","event":{"id":"own"}}' });
    expect(toNdjsonLine(e)).toBe('{"message":"m","event":{"id":"own"}}\n');
  });
});
