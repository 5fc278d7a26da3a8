import { getField, type LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { build, compileDissect, configSchema } from './dissect.ts';

describe('dissect', () => {
  it('splits by literal delimiters with skip, append and padding', () => {
    const d = compileDissect(
      '%{client.ip} %{?ident} %{user.name} [%{+ts} %{+ts}] "%{http.request.method} %{url.original} %{}" %{status->} %{bytes}',
      ' ',
    );
    expect(d.match('1.2.3.4 - bob [10/Oct/2000:13:55:36 -0700] "GET /x HTTP/1.1" 200   512')).toEqual({
      'client.ip': '1.2.3.4',
      'user.name': 'bob',
      ts: '10/Oct/2000:13:55:36 -0700',
      'http.request.method': 'GET',
      'url.original': '/x',
      status: '200',
      bytes: '512',
    });
    expect(d.match('no delimiters')).toBeUndefined();
  });

  it('writes nested fields and tags failures', () => {
    const run = build(configSchema.parse({ pattern: '%{a.b}|%{c}' }));
    const doc: LogDocument = { message: 'x|y' };
    run(doc, { now: 0 });
    expect(getField(doc, 'a.b')).toBe('x');
    const bad: LogDocument = { message: 'xy' };
    run(bad, { now: 0 });
    expect(bad.tags).toEqual(['_dissectfailure']);
  });
});
