import { DriftwoodError } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { getPipeline, listPipelines } from './index.ts';

const receivedAt = new Date('2026-11-25T12:00:00Z');

describe('nginx pipeline', () => {
  const p = getPipeline('nginx');
  it('parses a combined access line', () => {
    const doc = p.parse(
      '203.0.113.9 - alice [25/Nov/2026:10:15:32 +0100] "GET /api/items?id=7&x=1 HTTP/1.1" 404 153 "https://example.com/" "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"',
      { receivedAt, host: 'web-1' },
    );
    expect(doc).toEqual({
      '@timestamp': '2026-11-25T09:15:32.000Z',
      message: expect.any(String),
      source: { address: '203.0.113.9', ip: '203.0.113.9' },
      http: {
        request: { method: 'GET', referrer: 'https://example.com/' },
        version: '1.1',
        response: { status_code: 404, body: { bytes: 153 } },
      },
      url: { original: '/api/items?id=7&x=1', path: '/api/items', query: 'id=7&x=1' },
      user: { name: 'alice' },
      user_agent: {
        original: expect.stringContaining('iPhone'),
        name: 'Mobile Safari',
        version: '17.1',
        os: { name: 'iOS', version: '17.1', full: 'iOS 17.1' },
        device: { name: 'iPhone' },
      },
      event: {
        dataset: 'nginx.access',
        category: ['web'],
        kind: 'event',
        outcome: 'failure',
        ingested: '2026-11-25T12:00:00.000Z',
      },
      host: { name: 'web-1' },
    });
  });

  it('parses an error line', () => {
    const doc = p.parse(
      '2026/11/25 10:00:01 [error] 1234#0: *56 open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory), client: 198.51.100.7, server: example.com, request: "GET /favicon.ico HTTP/1.1", host: "example.com"',
      { receivedAt },
    );
    expect(doc).toMatchObject({
      '@timestamp': '2026-11-25T10:00:01.000Z',
      log: { level: 'error' },
      process: { pid: 1234, thread: { id: 0 } },
      message: 'open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory)',
      source: { ip: '198.51.100.7' },
      http: { request: { method: 'GET' }, version: '1.1' },
      url: { original: '/favicon.ico', domain: 'example.com' },
      event: { dataset: 'nginx.error' },
    });
  });

  it('keeps unknown lines with a failure tag, and event.original on request', () => {
    const doc = p.parse('garbage', { receivedAt, keepOriginal: true });
    expect(doc).toMatchObject({
      message: 'garbage',
      tags: ['_grokparsefailure'],
      '@timestamp': '2026-11-25T12:00:00.000Z',
      event: { original: 'garbage' },
    });
  });

  it('registry lists every pipeline and rejects unknown names', () => {
    expect(listPipelines().map((x) => x.name)).toEqual([
      'auto',
      'json',
      'logfmt',
      'syslog',
      'nginx',
      'apache',
      'ssh',
      'java',
      'iot',
    ]);
    expect(() => getPipeline('nope')).toThrow(DriftwoodError);
    expect(getPipeline('nginx')).toBe(p);
  });
});
