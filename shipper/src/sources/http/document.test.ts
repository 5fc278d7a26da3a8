import { describe, expect, it } from 'vitest';
import { itemToDoc } from './document.ts';

describe('itemToDoc', () => {
  const received = new Date('2024-01-01T00:00:00.000Z');
  it('takes message from msg, time from timestamp/time, keeps other fields', () => {
    expect(
      itemToDoc({ value: { msg: 'hi', level: 'info', timestamp: '2023-05-05T05:05:05Z' }, raw: '' }, received),
    ).toEqual({
      message: 'hi',
      level: 'info',
      '@timestamp': '2023-05-05T05:05:05.000Z',
    });
    expect(itemToDoc({ value: { time: 1700000000000, x: 1 }, raw: '{"time":1700000000000,"x":1}' }, received)).toEqual({
      message: '{"time":1700000000000,"x":1}',
      x: 1,
      '@timestamp': '2023-11-14T22:13:20.000Z',
    });
    expect(itemToDoc({ value: { message: 'm', '@timestamp': 'garbage' }, raw: '' }, received)['@timestamp']).toBe(
      received.toISOString(),
    );
  });
});
