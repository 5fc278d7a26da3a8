import { describe, expect, it } from 'vitest';
import { getPipeline } from './index.ts';

const receivedAt = new Date('2026-11-25T12:00:00Z');

describe('java pipeline', () => {
  const p = getPipeline('java');
  it('logback line with a multi-line stack trace', () => {
    const line = [
      '2026-11-25 10:00:00.123 [http-nio-8080-exec-1] ERROR com.example.OrderService - Order failed',
      'java.lang.IllegalStateException: stock is negative',
      '\tat com.example.OrderService.place(OrderService.java:42)',
      '\tat com.example.Api.post(Api.java:10)',
      'Caused by: java.sql.SQLException: boom',
      '\t... 2 more',
    ].join('\n');
    expect(p.parse(line, { receivedAt })).toMatchObject({
      '@timestamp': '2026-11-25T10:00:00.123Z',
      log: { level: 'error', logger: 'com.example.OrderService' },
      process: { thread: { name: 'http-nio-8080-exec-1' } },
      message: 'Order failed',
      error: {
        type: 'java.lang.IllegalStateException',
        message: 'stock is negative',
        stack_trace: expect.stringContaining('Caused by'),
      },
      event: { dataset: 'java' },
    });
  });
  it('log4j, Hadoop and ZooKeeper shapes', () => {
    expect(
      p.parse(
        '2015-10-18 18:01:47,978 INFO [main] org.apache.hadoop.mapreduce.v2.app.MRAppMaster: Created MRAppMaster',
        { receivedAt },
      ),
    ).toMatchObject({
      '@timestamp': '2015-10-18T18:01:47.978Z',
      log: { level: 'info', logger: 'org.apache.hadoop.mapreduce.v2.app.MRAppMaster' },
      message: 'Created MRAppMaster',
    });
    expect(
      p.parse(
        '2015-07-29 19:04:29,071 - WARN  [SendWorker:188978561024:QuorumCnxManager$SendWorker@688] - Send worker leaving thread',
        { receivedAt },
      ),
    ).toMatchObject({
      log: { level: 'warn' },
      message: 'Send worker leaving thread',
    });
  });
});
