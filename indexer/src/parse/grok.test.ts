import { DriftwoodError, getField, type LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { build, compileGrok, configSchema } from './grok.ts';
import { GROK_PATTERNS } from './grok-patterns.ts';

const ctx = { now: Date.UTC(2026, 10, 25) };

describe('grok', () => {
  it('compiles every library pattern', () => {
    for (const name of Object.keys(GROK_PATTERNS)) expect(() => compileGrok(`%{${name}}`)).not.toThrow();
  });

  it('matches a combined access line into ECS fields', () => {
    const g = compileGrok('%{COMBINEDAPACHELOG}');
    const out = g.match(
      '93.184.216.34 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif?x=1 HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"',
    );
    expect(out).toEqual({
      'source.address': '93.184.216.34',
      'user.name': 'frank',
      timestamp: '10/Oct/2000:13:55:36 -0700',
      'http.request.method': 'GET',
      'url.original': '/apache_pb.gif?x=1',
      'http.version': '1.0',
      'http.response.status_code': 200,
      'http.response.body.bytes': 2326,
      'http.request.referrer': 'http://www.example.com/start.html',
      'user_agent.original': 'Mozilla/4.08 [en] (Win98; I ;Nav)',
    });
  });

  it('supports :int / :float, inline (?<field>) groups and custom definitions', () => {
    const g = compileGrok('%{WORD:verb} %{INT:n:int} %{NUMBER:f:float} (?<thing.id>[a-z]+) %{ID:x}', {
      ID: '[0-9]{3}',
    });
    expect(g.match('get 42 -3.5 abc 123')).toEqual({ verb: 'get', n: 42, f: -3.5, 'thing.id': 'abc', x: '123' });
    expect(g.match('get 42 -3.5 abc 1234')).toBeUndefined();
  });

  it('recognises IPs, URIs, UUIDs, MACs, timestamps and log levels', () => {
    const g = compileGrok(
      '%{IP:a} %{IP:b} %{URI:u} %{UUID:id} %{MAC:m} %{TIMESTAMP_ISO8601:t} %{LOGLEVEL:l} %{SYSLOGTIMESTAMP:s}',
    );
    expect(
      g.match(
        'fe80::1%eth0 10.0.0.1 https://user@example.com:8080/a/b?c=d 123e4567-e89b-12d3-a456-426614174000 00:1a:2b:3c:4d:5e 2024-05-01T10:00:00.123+02:00 WARNING Jun  4 15:16:01',
      ),
    ).toMatchObject({
      a: 'fe80::1%eth0',
      b: '10.0.0.1',
      u: 'https://user@example.com:8080/a/b?c=d',
      l: 'WARNING',
      s: 'Jun  4 15:16:01',
    });
    expect(compileGrok('%{IPV4}').match('256.1.1.1')).toBeUndefined();
    expect(
      compileGrok('%{HTTPD_ERRORLOG}').match('[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok'),
    ).toMatchObject({
      'log.level': 'notice',
      message: 'workerEnv.init() ok',
    });
  });

  it('rejects unknown and recursive patterns at build time', () => {
    expect(() => compileGrok('%{NOPE}')).toThrow(DriftwoodError);
    expect(() => compileGrok('%{A}', { A: '%{B}', B: '%{A}' })).toThrow(/refers to itself/);
  });

  it('tags a failure and keeps the event', () => {
    const run = build(configSchema.parse({ patterns: ['%{IP:source.ip} %{GREEDYDATA:message}'] }));
    const ok: LogDocument = { message: '1.2.3.4 hello world' };
    run(ok, ctx);
    expect(getField(ok, 'source.ip')).toBe('1.2.3.4');
    expect(ok.message).toBe('hello world');
    const bad: LogDocument = { message: 'nope' };
    expect(run(bad, ctx)).toBe(true);
    expect(bad).toEqual({ message: 'nope', tags: ['_grokparsefailure'] });
  });

  it('rejects unknown config keys', () => {
    expect(() => configSchema.parse({ patterns: ['%{WORD}'], bogus: 1 })).toThrow();
  });

  it('finishes on 100 KB non-matching lines (no catastrophic backtracking)', () => {
    const lines = [
      'a '.repeat(50_000),
      `1.1.1.1 - - [${'1'.repeat(100_000)}`,
      'x'.repeat(100_000),
      'a.'.repeat(50_000),
      '/'.repeat(100_000),
      'Jun 14 15:16:01 '.repeat(6_000),
    ];
    const patterns = [
      '%{COMBINEDAPACHELOG}',
      '%{SYSLOGLINE}',
      '%{HTTPD_ERRORLOG}',
      '%{URI}',
      '%{IPORHOST} %{GREEDYDATA}',
      '%{HOSTNAME}:%{POSINT}',
      '%{UNIXPATH}x',
      '%{URIPATHPARAM}!',
      '%{QS} x',
    ];
    const compiled = patterns.map((p) => compileGrok(p));
    const start = performance.now();
    for (const line of lines) for (const g of compiled) g.match(`${line}!#`);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
