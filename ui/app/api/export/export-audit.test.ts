/**
 * GET /api/export on a real embedded store, called as the UI server calls it (a Request with
 * Basic credentials): each export that starts writes one audit event naming who, the action and
 * what was exported — the format, the query, the filters and the time range, and how many rows —
 * and no credential; a refused export writes none.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUDIT_DATASET } from '@driftwood/core';
import type { LogStore } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSecurity } from '../../../lib/server/security.ts';
import { getStore } from '../../../lib/server/store.ts';
import { GET } from './route.ts';

const PASSWORD = 'exporter-password-1';
const AUTH = { authorization: `Basic ${Buffer.from(`audit-exporter:${PASSWORD}`).toString('base64')}` };
const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const FROM = T0;
const TO = T0 + 60_000;

interface AuditDoc {
  event: { action: string; outcome: string };
  user: { name: string };
  driftwood: { audit: { target?: string; details?: string } };
}

describe('the export audit trail on a real embedded store', () => {
  let dir: string;
  let store: LogStore;

  async function exports(): Promise<AuditDoc[]> {
    await store.flush();
    const { hits } = await store.search({
      query: `event.dataset:"${AUDIT_DATASET}" and event.action:export`,
      sort: [{ field: '@timestamp', order: 'asc' }],
      size: 100,
    });
    return hits.map((h) => h.doc as unknown as AuditDoc);
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-export-audit-'));
    // the route opens the store of its process from the environment, as the UI server does
    process.env.DRIFTWOOD_STORE = 'embedded';
    process.env.DRIFTWOOD_DATA = dir;
    store = await getStore();
    const outcomes = await store.write(
      Array.from({ length: 6 }, (_, i) => ({
        id: `e${i}`,
        doc: {
          '@timestamp': new Date(T0 + i * 1000).toISOString(),
          message: `event ${i}`,
          log: { level: i % 2 === 0 ? 'error' : 'info' },
          service: { name: i < 4 ? 'checkout' : 'search' },
        },
      })),
    );
    expect(outcomes.every((o) => o.status === 'stored')).toBe(true);
    await store.flush();
    await (await getSecurity()).addUser({ username: 'audit-exporter', password: PASSWORD, roles: ['viewer'] });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes an audit event per export naming who, the action and what was exported', async () => {
    const url = new URL('http://localhost:3000/api/export');
    url.searchParams.set('format', 'ndjson');
    url.searchParams.set('q', 'log.level:error');
    url.searchParams.append('f', 'is:service.name:checkout');
    url.searchParams.append('f', '!exists:http.request.id');
    url.searchParams.set('from', String(FROM));
    url.searchParams.set('to', String(TO));
    const res = await GET(new Request(url, { headers: AUTH }));
    expect(res.status).toBe(200);
    expect((await res.text()).trim().split('\n')).toHaveLength(2); // e0 and e2

    // a CSV export of everything: no query, no filter, no time range
    const all = await GET(new Request('http://localhost:3000/api/export?format=csv', { headers: AUTH }));
    expect(all.status).toBe(200);
    await all.text();

    const events = await exports();
    expect(events.map((e) => [e.event.action, e.user.name, e.event.outcome])).toEqual([
      ['export', 'audit-exporter', 'success'],
      ['export', 'audit-exporter', 'success'],
    ]);
    expect(events.map((e) => JSON.parse(e.driftwood.audit.details ?? '{}'))).toEqual([
      {
        format: 'ndjson',
        query: 'log.level:error',
        filters: ['service.name:"checkout"', 'not http.request.id:*'],
        from: new Date(FROM).toISOString(),
        to: new Date(TO).toISOString(),
        total: 2,
      },
      { format: 'csv', query: '', filters: [], total: 6 },
    ]);
    // the credentials the request carried are not in the trail
    const trail = JSON.stringify(events);
    expect(trail).not.toContain(PASSWORD);
    expect(trail).not.toContain(AUTH.authorization.slice('Basic '.length));
  });

  it('keeps the details whole JSON for a long query and many filters, saying how many were left out', async () => {
    const before = (await exports()).length;
    const url = new URL('http://localhost:3000/api/export?format=csv');
    url.searchParams.set('q', `message:${'x'.repeat(2000)} or *`);
    for (let i = 0; i < 12; i++) url.searchParams.append('f', `not:tag${i}:${'v'.repeat(300)}`);
    const res = await GET(new Request(url, { headers: AUTH }));
    expect(res.status).toBe(200);
    await res.text();
    const events = await exports();
    expect(events).toHaveLength(before + 1);
    const details = JSON.parse(events.at(-1)?.driftwood.audit.details ?? '');
    expect(details.query).toHaveLength(500);
    expect(details.filters).toHaveLength(10);
    expect(details.filters[0]).toMatch(/^not tag0:"v+$/);
    expect(details.filtersOmitted).toBe(2);
    expect(details.total).toBe(6);
  });

  it('writes no audit event for a refused export (bad query, bad format, anonymous)', async () => {
    const before = (await exports()).length;
    const refused = [
      await GET(new Request('http://localhost:3000/api/export?format=csv&q=message:(foo', { headers: AUTH })),
      await GET(new Request('http://localhost:3000/api/export?format=xml', { headers: AUTH })),
      await GET(new Request('http://localhost:3000/api/export?format=csv')),
    ];
    expect(refused.map((r) => r.status)).toEqual([400, 400, 401]);
    expect(await exports()).toHaveLength(before);
  });
});
