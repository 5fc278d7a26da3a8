import { setField } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { MAX_LINE, makePipeline } from './runner.ts';

const receivedAt = new Date('2026-11-25T12:00:00.000Z');

describe('pipeline runner', () => {
  it('finishes every document: message, @timestamp fallback, event.ingested, host and dataset defaults', () => {
    const p = makePipeline('raw', 'raw lines', undefined);
    expect(p.parse('hello\r\n', { receivedAt, host: 'web-1', dataset: 'app', keepOriginal: true })).toEqual({
      message: 'hello',
      '@timestamp': '2026-11-25T12:00:00.000Z',
      event: { ingested: '2026-11-25T12:00:00.000Z', original: 'hello\r\n', dataset: 'app' },
      host: { name: 'web-1' },
    });
  });

  it('keeps what the parser found over the defaults', () => {
    const p = makePipeline('x', '', () => ({
      message: 'm',
      '@timestamp': '2020-01-01T00:00:00.000Z',
      host: { name: 'from-line' },
    }));
    expect(p.parse('line', { receivedAt, host: 'sender' })).toMatchObject({
      '@timestamp': '2020-01-01T00:00:00.000Z',
      host: { name: 'from-line' },
    });
  });

  it('runs steps in order, skips those whose condition fails, tags a throw, and drops', () => {
    const p = makePipeline('x', '', undefined, [
      {
        run: (doc) => {
          setField(doc, 'a', 1);
          return true;
        },
      },
      {
        run: (doc) => {
          setField(doc, 'b', 2);
          return true;
        },
        condition: () => false,
      },
      {
        run: () => {
          throw new Error('boom');
        },
      },
    ]);
    expect(p.parse('l', { receivedAt })).toMatchObject({ a: 1, tags: ['_pipeline_error'] });
    expect(p.parse('l', { receivedAt }).b).toBeUndefined();
    const dropping = makePipeline('d', '', undefined, [{ run: () => false }]);
    expect(dropping.process('l', { receivedAt })).toBeNull();
    expect(dropping.parse('l', { receivedAt }).tags).toEqual(['_dropped']);
  });

  it('turns a parser throw into a tag and cuts over-long lines', () => {
    const throwing = makePipeline('t', '', () => {
      throw new Error('bad');
    });
    expect(throwing.parse('x', { receivedAt })).toMatchObject({ message: 'x', tags: ['_pipeline_error'] });
    const long = 'a'.repeat(MAX_LINE + 10);
    const doc = makePipeline('raw', '', undefined).parse(long, { receivedAt, keepOriginal: true });
    expect((doc.message as string).length).toBe(MAX_LINE);
    expect(doc.tags).toEqual(['_truncated']);
    expect((doc.event as { original: string }).original.length).toBe(MAX_LINE + 10);
  });
});
