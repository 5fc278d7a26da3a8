import type { LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { addShipperFields, objectToDoc, parseTime } from './payload.ts';

describe('parseTime', () => {
  it('reads epoch ms (number or digits) and date strings', () => {
    expect(parseTime(1700000000000)).toBe('2023-11-14T22:13:20.000Z');
    expect(parseTime('1700000000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(parseTime('2024-01-02T03:04:05+01:00')).toBe('2024-01-02T02:04:05.000Z');
  });
  it('is undefined for what is not a time', () => {
    for (const v of [undefined, '', 'soon', true, null, { a: 1 }, 9e15, Number.NaN])
      expect(parseTime(v as never)).toBeUndefined();
  });
});

describe('objectToDoc', () => {
  const received = new Date('2024-01-01T00:00:00.000Z');
  it('takes message from message, msg (moved) or the raw text; a non-string message as JSON', () => {
    expect(objectToDoc({ msg: 'hi', a: 1 }, '{}', received)).toEqual({
      message: 'hi',
      a: 1,
      '@timestamp': received.toISOString(),
    });
    expect(objectToDoc({ a: 1 }, '{"a":1}', received).message).toBe('{"a":1}');
    expect(objectToDoc({ message: { x: 1 } }, '', received).message).toBe('{"x":1}');
  });
  it('takes @timestamp, else timestamp or time (moved), else receive time', () => {
    expect(objectToDoc({ message: 'm', time: 1700000000000 }, '', received)).toEqual({
      message: 'm',
      '@timestamp': '2023-11-14T22:13:20.000Z',
    });
    expect(objectToDoc({ message: 'm', '@timestamp': 'bad', timestamp: 'bad' }, '', received)).toEqual({
      message: 'm',
      timestamp: 'bad',
      '@timestamp': received.toISOString(),
    });
  });
});

describe('addShipperFields', () => {
  const ctx = { hostName: 'h1', agent: { name: 'a', type: 'driftwood-shipper' as const, version: '0', id: 'ag' } };
  it('adds host.name unless the payload has one, agent, log.source.address (keeping other log fields)', () => {
    const doc: LogDocument = { host: { ip: '1.2.3.4' }, log: { level: 'warn' } };
    addShipperFields(doc, ctx, '10.0.0.1:5');
    expect(doc).toEqual({
      host: { ip: '1.2.3.4', name: 'h1' },
      agent: ctx.agent,
      log: { level: 'warn', source: { address: '10.0.0.1:5' } },
    });
    const named: LogDocument = { host: { name: 'device-7' } };
    addShipperFields(named, ctx, 'x');
    expect(named.host).toEqual({ name: 'device-7' });
    const dotted: LogDocument = { 'host.name': 'd' };
    addShipperFields(dotted, ctx, 'x');
    expect(dotted.host).toBeUndefined();
  });
});
