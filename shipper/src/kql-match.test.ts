import { parseKql } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { matchKql } from './kql-match.ts';

const doc = {
  '@timestamp': '2024-05-01T10:00:00Z',
  message: 'Connection refused by upstream Server',
  log: { level: 'error' },
  http: { response: { status_code: 503 } },
  tags: ['a', 'b'],
  service: { name: 'web-api' },
  items: [{ name: 'x', n: 2 }],
};
const m = (q: string) => matchKql(parseKql(q), doc);

describe('matchKql', () => {
  it('keyword equality, numbers, arrays, wildcards', () => {
    expect(m('log.level:error')).toBe(true);
    expect(m('log.level:ERROR')).toBe(false);
    expect(m('http.response.status_code:503')).toBe(true);
    expect(m('tags:b')).toBe(true);
    expect(m('service.name:web-*')).toBe(true);
    expect(m('service.name:web')).toBe(false);
    expect(m('http.*:503')).toBe(true);
  });

  it('message: case-insensitive words, phrases, free text', () => {
    expect(m('message:refused')).toBe(true);
    expect(m('message:server')).toBe(true);
    expect(m('message:(nope or upstream)')).toBe(true);
    expect(m('message:"refused by upstream"')).toBe(true);
    expect(m('message:"upstream by"')).toBe(false);
    expect(m('connection')).toBe(true);
    expect(m('"connection refused"')).toBe(true);
    expect(m('missing')).toBe(false);
  });

  it('exists, range, and/or/not, nested', () => {
    expect(m('log.level:*')).toBe(true);
    expect(m('user.name:*')).toBe(false);
    expect(m('http.response.status_code >= 500')).toBe(true);
    expect(m('http.response.status_code < 500')).toBe(false);
    expect(m('@timestamp > "2024-01-01"')).toBe(true);
    expect(m('log.level:error and not message:timeout')).toBe(true);
    expect(m('log.level:info or tags:a')).toBe(true);
    expect(m('items:{ name:x and n > 1 }')).toBe(true);
    expect(m('items:{ name:y }')).toBe(false);
  });
});
