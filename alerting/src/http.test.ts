import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmbeddedStore, type EmbeddedStore } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Evaluator } from './engine.ts';
import { createAlertsHandler } from './http.ts';
import { events, MINUTE, T0 } from './test-helpers.ts';

describe('alerts HTTP API', () => {
  let store: EmbeddedStore;
  let server: Server;
  let base: string;
  beforeAll(async () => {
    store = await createEmbeddedStore({ path: ':memory:' });
    // an error burst every other hour over a day, plus steady traffic on two hosts
    for (let h = 0; h < 24; h++) {
      await store.write(
        events(60, T0 + h * 60 * MINUTE, 60 * MINUTE, { host: h % 2 ? 'web-1' : 'web-2', duration: 100 + h }),
      );
      if (h % 2 === 0) await store.write(events(30, T0 + h * 60 * MINUTE, 5 * MINUTE, { level: 'error' }));
    }
    await store.flush();
    const handler = createAlertsHandler({ store });
    server = createServer(async (req, res) => {
      if (!(await handler(req, res))) res.writeHead(418).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/alerts`;
  });
  afterAll(async () => {
    server.close();
    await store.close();
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(base + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    // biome-ignore lint/suspicious/noExplicitAny: loosely typed JSON answers in a test
    return { status: res.status, body: res.status === 204 ? undefined : ((await res.json()) as any) };
  };

  const rule = {
    name: 'Errors',
    query: 'log.level:error',
    every: '5m',
    window: '5m',
    condition: { type: 'count', comparator: '>', threshold: 20 },
  };

  it('creates, lists, patches, previews, shows history and deletes a rule', async () => {
    const created = await call('POST', '/rules', rule);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^errors-[0-9a-f]{6}$/);

    const invalid = await call('POST', '/rules', { ...rule, query: 'a:(' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('INPUT_INVALID');
    expect(invalid.body.error.details.issues[0].path).toBe('query');

    const list = await call('GET', '/rules');
    expect(list.body.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([[id, 'ok']]);

    const now = T0 + 24 * 60 * MINUTE;
    const preview = await call('GET', `/rules/${id}/preview?now=${new Date(now).toISOString()}`);
    expect(preview.status).toBe(200);
    expect(preview.body.series).toHaveLength(1);
    expect(preview.body.series[0].points).toHaveLength(288);
    expect(preview.body.breaches).toBe(12); // one 5-minute slot per even hour
    const peak = preview.body.series[0].points.find(
      (p: { time: string }) => p.time === new Date(T0 + 5 * MINUTE).toISOString(),
    );
    expect(peak).toEqual({ time: new Date(T0 + 5 * MINUTE).toISOString(), value: 30, breached: true });

    const unsaved = await call('POST', `/preview?now=${new Date(now).toISOString()}&range=6h`, {
      name: 'p95 per host',
      every: '1h',
      window: '1h',
      condition: { type: 'metric', agg: 'p95', field: 'event.duration', comparator: '>', threshold: 118 },
      groupBy: { field: 'host.name' },
    });
    expect(unsaved.status).toBe(200);
    expect(unsaved.body.series.map((s: { group: string }) => s.group).sort()).toEqual(['web-1', 'web-2']);
    expect(unsaved.body.series[0].points).toHaveLength(6);

    await new Evaluator({ store }).evaluate(T0 + 5 * MINUTE + 1000);
    const one = await call('GET', `/rules/${id}`);
    expect(one.body).toMatchObject({
      status: 'firing',
      firing: 1,
      lastWindowEnd: new Date(T0 + 5 * MINUTE).toISOString(),
    });
    const history = await call('GET', `/rules/${id}/history?limit=5`);
    expect(history.body[0]).toMatchObject({
      kind: 'evaluation',
      results: [{ group: null, value: 30, state: 'firing' }],
    });

    const snoozed = await call('PATCH', `/rules/${id}`, { snoozedUntil: '2030-01-01T00:00:00Z' });
    expect(snoozed.body.snoozedUntil).toBe('2030-01-01T00:00:00Z');
    const unsnoozed = await call('PATCH', `/rules/${id}`, { snoozedUntil: null });
    expect(unsnoozed.body.snoozedUntil).toBeUndefined();
    expect((await call('PATCH', `/rules/${id}`, { every: 'often' })).status).toBe(400);

    expect((await call('DELETE', `/rules/${id}`)).status).toBe(204);
    expect((await call('GET', `/rules/${id}`)).status).toBe(404);
    expect((await call('DELETE', '/rules')).status).toBe(405);
    const other = await fetch(base.replace('/api/alerts', '/elsewhere'));
    expect(other.status).toBe(418);
  });
});
