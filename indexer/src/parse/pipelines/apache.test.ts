import { describe, expect, it } from 'vitest';
import { getPipeline } from './index.ts';

const receivedAt = new Date('2026-11-25T12:00:00Z');

describe('apache pipeline', () => {
  const p = getPipeline('apache');
  it('parses common log format', () => {
    expect(
      p.parse('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326', { receivedAt }),
    ).toMatchObject({
      '@timestamp': '2000-10-10T20:55:36.000Z',
      source: { ip: '127.0.0.1' },
      user: { name: 'frank' },
      http: { request: { method: 'GET' }, response: { status_code: 200, body: { bytes: 2326 } }, version: '1.0' },
      url: { original: '/apache_pb.gif' },
      event: { dataset: 'apache.access', outcome: 'success' },
    });
  });
  it('parses 2.2 and 2.4 error logs', () => {
    expect(
      p.parse('[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6', { receivedAt }),
    ).toMatchObject({
      '@timestamp': '2005-12-04T04:47:44.000Z',
      log: { level: 'error' },
      message: 'mod_jk child workerEnv in error state 6',
      event: { dataset: 'apache.error' },
    });
    expect(
      p.parse(
        '[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187:51234] File does not exist: /usr/local/apache2/htdocs/favicon.ico',
        { receivedAt },
      ),
    ).toMatchObject({
      '@timestamp': '2011-09-09T10:42:29.902Z',
      log: { level: 'error', logger: 'core' },
      process: { pid: 35708, thread: { id: 4328636416 } },
      source: { ip: '72.15.99.187', port: 51234 },
      message: 'File does not exist: /usr/local/apache2/htdocs/favicon.ico',
    });
  });
});
