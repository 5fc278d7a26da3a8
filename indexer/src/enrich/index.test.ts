import { createEmbeddedStore } from '@driftwood/store';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config.ts';
import { documentFromSource } from '../documents.ts';
import { IndexerMetrics } from '../metrics.ts';
import { createIngestor } from '../server.ts';
import { enrichDocument, MESSAGE_PATTERN_FIELD } from './index.ts';

describe('enrichDocument', () => {
  it('sets host.name (and host.hostname) from log.syslog.hostname when host.name is absent', () => {
    const doc = { message: 'x', log: { syslog: { hostname: 'edge-7' } } };
    enrichDocument(doc);
    expect(doc).toMatchObject({ host: { name: 'edge-7', hostname: 'edge-7' } });
    const own = { message: 'x', host: { name: 'relay' }, log: { syslog: { hostname: 'edge-7' } } };
    enrichDocument(own);
    expect(own.host).toEqual({ name: 'relay' });
  });

  it('writes driftwood.message_pattern from error.message, else message', () => {
    const a: Record<string, unknown> = { message: 'order 12 failed', error: { message: 'timeout after 30 s' } };
    enrichDocument(a as never);
    expect(a.driftwood).toEqual({ message_pattern: 'timeout after <num> s' });
    const b: Record<string, unknown> = { message: 'order 12 failed' };
    enrichDocument(b as never);
    expect(b.driftwood).toEqual({ message_pattern: 'order <num> failed' });
    const c: Record<string, unknown> = { event: { dataset: 'x' } };
    enrichDocument(c as never);
    expect(c.driftwood).toBeUndefined();
  });

  it("keeps a client's own scalar driftwood field as sent", () => {
    const d: Record<string, unknown> = { message: 'order 12 failed', driftwood: 'mine' };
    enrichDocument(d as never);
    expect(d.driftwood).toBe('mine');
  });
});

describe('the ingest path enriches what it stores', () => {
  it('stores driftwood.message_pattern (a keyword: terms work) and host.name from syslog, not for _none', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      const ingestor = createIngestor(parseConfig({}), store, new IndexerMetrics());
      const receivedAt = new Date('2026-01-01T00:00:00Z');
      const source = (n: number) =>
        JSON.stringify({
          '@timestamp': '2026-01-01T00:00:00Z',
          message: `device ${n} offline`,
          log: { syslog: { hostname: 'gw-1' } },
        });
      const items = [
        { id: 'a', result: documentFromSource(source(42), { receivedAt }), original: source(42) },
        { id: 'b', result: documentFromSource(source(7), { receivedAt }), original: source(7) },
        { id: 'c', result: documentFromSource(source(9), { receivedAt, pipeline: '_none' }), original: source(9) },
      ];
      await ingestor.ingest(items, { input: 'bulk', deadline: Date.now() + 10_000 });
      await store.flush();
      const range = { from: Date.parse('2025-12-31T00:00:00Z'), to: Date.parse('2026-01-02T00:00:00Z') };
      const { hits } = await store.search({ query: '', ...range, size: 10 });
      const byId = new Map(hits.map((h) => [h.id, h.doc as Record<string, unknown>]));
      expect(byId.get('a')).toMatchObject({
        host: { name: 'gw-1' },
        driftwood: { message_pattern: 'device <num> offline' },
      });
      expect(byId.get('c')?.driftwood).toBeUndefined();
      expect(byId.get('c')?.host).toBeUndefined();
      const agg = await store.aggregate({
        query: '',
        ...range,
        aggs: { p: { type: 'terms', field: MESSAGE_PATTERN_FIELD, size: 5 } },
      });
      expect(agg.p).toMatchObject({ type: 'terms', buckets: [{ key: 'device <num> offline', count: 2 }] });
      expect(await store.count({ query: `${MESSAGE_PATTERN_FIELD}:"device <num> offline"`, ...range })).toBe(2);
    } finally {
      await store.close();
    }
  });
});
