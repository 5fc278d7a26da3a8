import { describe, expect, it } from 'vitest';
import { highlight, highlighterFor } from './highlight.ts';

const hits = (text: string, query: string, field = 'message') =>
  highlight(text, highlighterFor(query, [], field), field)
    .filter((s) => s.hit)
    .map((s) => s.text);

describe('highlighting', () => {
  it('marks free-text words case-insensitively on whole words', () => {
    expect(hits('Payment gateway TIMEOUT; timeouts later', 'timeout')).toEqual(['TIMEOUT']);
  });

  it('marks phrases, wildcards and field matches; skips negated terms', () => {
    expect(hits('failed to connect to database', '"connect to database"')).toEqual(['connect to database']);
    expect(hits('retrying request to inventory', 'message:retr*')).toEqual(['retrying']);
    expect(hits('error and warning', 'not error and warning')).toEqual(['warning']);
    expect(hits('web-1', 'host.name:web-1', 'host.name')).toEqual(['web-1']);
    expect(hits('web-12', 'host.name:web-1', 'host.name')).toEqual([]);
    expect(hits('web-12', 'host.name:web*', 'host.name')).toEqual(['web-12']);
  });

  it('keeps hostile text as plain segments, whole and in order', () => {
    const text = '<img src=x onerror="window.__xss=1"> <script>alert(1)</script> hostile';
    const segments = highlight(text, highlighterFor('hostile or script', [], 'message'), 'message');
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.filter((s) => s.hit).map((s) => s.text)).toEqual(['script', 'script', 'hostile']);
  });

  it('uses positive filters; an invalid query highlights nothing', () => {
    const h = highlighterFor('(', [{ field: 'host.name', op: 'is', value: 'web-1', negate: false }], 'host.name');
    expect(highlight('web-1', h, 'host.name')).toEqual([{ text: 'web-1', hit: true }]);
    expect(hits('anything', '(')).toEqual([]);
  });

  it('matches wildcards case-insensitively in text and case-sensitively on whole values', () => {
    expect(hits('Retrying REQUEST', 'message:req*st')).toEqual(['REQUEST']);
    expect(hits('WEB-12', 'host.name:web*', 'host.name')).toEqual([]);
    expect(hits('web-1\nweb-2', 'host.name:web*2', 'host.name')).toEqual(['web-1\nweb-2']);
  });

  it('takes linear time on a hostile wildcard over a long value (no backtracking regex)', () => {
    const stars = `${'*a'.repeat(12)}*b`;
    const value = 'a'.repeat(20_000);
    const started = performance.now();
    expect(hits(value, `host.name:${stars}`, 'host.name')).toEqual([]);
    expect(hits(value, `message:${stars}`)).toEqual([]);
    expect(hits(`${value}b`, `message:${stars}`)).toEqual([`${value}b`]);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
