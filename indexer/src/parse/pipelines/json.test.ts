import { describe, expect, it } from 'vitest';
import { getPipeline } from './index.ts';

const receivedAt = new Date('2026-11-25T12:00:00Z');
const p = getPipeline('json');

describe('json pipeline', () => {
  it('winston', () => {
    expect(
      p.parse(
        '{"level":"warn","message":"disk almost full","timestamp":"2026-11-25T10:00:00.000Z","service":"api","pct":91}',
        { receivedAt },
      ),
    ).toEqual({
      '@timestamp': '2026-11-25T10:00:00.000Z',
      message: 'disk almost full',
      log: { level: 'warn' },
      service: { name: 'api' },
      pct: 91,
      event: { dataset: 'app', ingested: '2026-11-25T12:00:00.000Z' },
    });
  });
  it('pino / bunyan', () => {
    const doc = p.parse(
      '{"level":50,"time":1764064800123,"pid":42,"hostname":"api-1","name":"orders","msg":"boom","err":{"type":"TypeError","message":"x is undefined","stack":"TypeError: x is undefined\\n    at f (a.js:1:1)"},"v":1}',
      { receivedAt },
    );
    expect(doc).toMatchObject({
      '@timestamp': '2025-11-25T10:00:00.123Z',
      message: 'boom',
      log: { level: 'error' },
      process: { pid: 42 },
      host: { name: 'api-1' },
      service: { name: 'orders' },
      error: { type: 'TypeError', message: 'x is undefined', stack_trace: expect.stringContaining('at f') },
      v: 1,
    });
  });
  it('logrus, zap, Serilog, ECS', () => {
    expect(
      p.parse('{"level":"warning","msg":"slow query","time":"2026-11-25T10:00:00+01:00","ms":1200}', { receivedAt }),
    ).toMatchObject({
      '@timestamp': '2026-11-25T09:00:00.000Z',
      log: { level: 'warn' },
      message: 'slow query',
      ms: 1200,
    });
    expect(
      p.parse('{"level":"info","ts":1764064800.5,"caller":"handler/user.go:42","msg":"served","status":200}', {
        receivedAt,
      }),
    ).toMatchObject({
      '@timestamp': '2025-11-25T10:00:00.500Z',
      log: { level: 'info', origin: { file: { name: 'handler/user.go', line: 42 } } },
      message: 'served',
    });
    expect(
      p.parse(
        '{"@t":"2026-11-25T10:00:00.1234567Z","@mt":"Hello {User}","@m":"Hello \\"bob\\"","@l":"Error","User":"bob"}',
        { receivedAt },
      ),
    ).toMatchObject({
      '@timestamp': '2026-11-25T10:00:00.123Z',
      message: 'Hello "bob"',
      log: { level: 'error' },
      serilog: { message_template: 'Hello {User}' },
      User: 'bob',
    });
    expect(p.parse('{"@t":"2026-11-25T10:00:00Z","@mt":"Started"}', { receivedAt })).toMatchObject({
      log: { level: 'info' },
      message: 'Started',
    });
    expect(
      p.parse(
        '{"@timestamp":"2026-11-25T10:00:00.000Z","log.level":"error","message":"x","ecs.version":"1.6.0","service.name":"shop","event.dataset":"shop.log"}',
        { receivedAt },
      ),
    ).toMatchObject({
      '@timestamp': '2026-11-25T10:00:00.000Z',
      log: { level: 'error' },
      ecs: { version: '1.6.0' },
      service: { name: 'shop' },
      event: { dataset: 'shop.log' },
    });
  });
  it('invalid JSON is tagged, not thrown', () => {
    expect(p.parse('{"a":', { receivedAt })).toMatchObject({
      message: '{"a":',
      tags: ['_jsonparsefailure'],
      '@timestamp': '2026-11-25T12:00:00.000Z',
    });
    expect(p.parse(`${'['.repeat(10_000)}`, { receivedAt }).tags).toEqual(['_jsonparsefailure']);
  });
});
