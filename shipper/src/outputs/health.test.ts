import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../log.ts';
import { describeAnswer, OutputHealth, SNIPPET_CHARS } from './health.ts';

describe('output health', () => {
  it('turns unhealthy on a fault and back on success, logging each change once', () => {
    const log = memoryLogger();
    const h = new OutputHealth('bulk', log, 'https://ingest:pw@es.example:9200/_bulk');
    expect(h.report()).toMatchObject({ healthy: true, failures: 0, endpoint: 'https://es.example:9200/_bulk' });
    h.fault('HTTP 400 Bad Request: nope', 400);
    h.fault('HTTP 400 Bad Request: nope', 400);
    expect(h.report()).toMatchObject({
      healthy: false,
      status: 400,
      answer: 'HTTP 400 Bad Request: nope',
      failures: 2,
      consecutive: 2,
    });
    h.ok();
    h.ok();
    expect(h.report()).toMatchObject({ healthy: true, failures: 2, consecutive: 0 });
    expect(h.report().answer).toBeUndefined();
    expect(log.lines.map((l) => `${l.level} ${l.message}`)).toEqual([
      'warn bulk: output unhealthy; its events are kept and retried',
      'warn bulk: output healthy again',
    ]);
    expect(JSON.stringify(log.lines)).not.toContain('pw');
  });

  it('describes an answer by its status line and a bounded one-line snippet', () => {
    expect(describeAnswer(404, 'Not Found', '{"error":\n  "no such index"}')).toBe(
      'HTTP 404 Not Found: {"error": "no such index"}',
    );
    expect(describeAnswer(502, '', '')).toBe('HTTP 502');
    const long = describeAnswer(400, 'Bad Request', 'x'.repeat(10_000));
    expect(long).toHaveLength('HTTP 400 Bad Request: '.length + SNIPPET_CHARS + 1);
  });

  it('keeps no userinfo of a URL inside the answer it shows', () => {
    const health = new OutputHealth('bulk', memoryLogger(), 'http://127.0.0.1:9200/_bulk');
    health.fault('HTTP 502: proxy: upstream https://admin:hunter2@10.0.0.1:9200/x?token=t0k refused', 502);
    expect(health.report().answer).toBe('HTTP 502: proxy: upstream https://10.0.0.1:9200/x?token=[secret] refused');
  });
});

describe('output health endpoint', () => {
  it('shows the endpoint without userinfo or secret query parameters (issue #16)', () => {
    const log = memoryLogger();
    const h = new OutputHealth('bulk', log, 'https://ingest:pw@es.example:9200/_bulk?token=t0k&pipeline=x');
    h.fault('HTTP 503 Service Unavailable', 503);
    expect(h.report().endpoint).toBe('https://es.example:9200/_bulk?token=[secret]&pipeline=x');
    expect(JSON.stringify(log.lines)).not.toMatch(/t0k|ingest:pw/);
  });
});
