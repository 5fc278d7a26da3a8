/**
 * The export route on a real embedded store of 25,000 events: every row arrives once and in order
 * (CSV and NDJSON), the store is read only as fast as the reader reads, and an error mid-stream
 * leaves a file that says it is incomplete.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DriftwoodError, type LogEvent } from '@driftwood/core';
import { createEmbeddedStore, type LogStore, type SearchRequest } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_TOTAL_HEADER, INCOMPLETE_MARKER } from '../../../lib/discover/export.ts';
import { runExport } from '../../../lib/discover/export-download.ts';
import { getSecurity } from '../../../lib/server/security.ts';
import { getStore } from '../../../lib/server/store.ts';
import { EXPORT_PAGE, exportCsvHeader, exportResponse, narrowed } from './export.ts';
import { GET } from './route.ts';

const N = 25_000;
const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
const FROM = T0;
const TO = T0 + N * 1000;
const idOf = (i: number): string => `e${String(i).padStart(5, '0')}`;
/** Three events per second, so equal timestamps straddle page boundaries (the id breaks the tie). */
const tsOf = (i: number): number => T0 + Math.floor(i / 3) * 1000;

function events(): LogEvent[] {
  const out: LogEvent[] = [];
  for (let i = 0; i < N; i++) {
    const id = idOf(i);
    out.push({
      id,
      doc: {
        '@timestamp': new Date(tsOf(i)).toISOString(),
        message: i % 4 === 0 ? `event ${id}, with "quotes"\r\nand a second line` : `event ${id}`,
        log: { level: i % 2 === 0 ? 'error' : 'info' },
        host: { name: i % 7 === 0 ? '=HYPERLINK("http://evil")' : `host-${i % 5}` },
      },
    });
  }
  return out;
}

/** The ids in export order: @timestamp descending, then id ascending. */
function expectedIds(filter: (i: number) => boolean = () => true): string[] {
  const idx = [...Array(N).keys()].filter(filter);
  idx.sort((a, b) => tsOf(b) - tsOf(a) || (idOf(a) < idOf(b) ? -1 : 1));
  return idx.map(idOf);
}

/** RFC 4180 records (quoted cells may hold quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  expect(cell === '' && row.length === 0, 'the CSV ends with a complete record').toBe(true);
  return rows;
}

const exportUrl = (format: string, extra: Record<string, string> = {}): URL => {
  const p = new URLSearchParams({ format, from: String(FROM), to: String(TO), ...extra });
  p.append('col', 'message');
  p.append('col', 'host.name');
  return new URL(`http://127.0.0.1/api/export?${p}`);
};

/** The real store, its searches counted (nothing changed in what it answers). */
function countingStore(store: LogStore): { store: LogStore; searches: () => number } {
  let n = 0;
  const wrapped = Object.create(store) as LogStore;
  wrapped.search = (req: SearchRequest) => {
    n++;
    return store.search(req);
  };
  return { store: wrapped, searches: () => n };
}

/** The real store, failing its `failAt`-th search the way a store that went down does. */
function faultyStore(store: LogStore, failAt: number): LogStore {
  let n = 0;
  const wrapped = Object.create(store) as LogStore;
  wrapped.search = (req: SearchRequest) => {
    n++;
    if (n === failAt) {
      return Promise.reject(new DriftwoodError('STORE_UNAVAILABLE', 'the store went away (injected fault)'));
    }
    return store.search(req);
  };
  return wrapped;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A viewer's HTTP Basic credentials (the route wants a principal with `read`). */
const AUTH = { authorization: `Basic ${Buffer.from('export-viewer:viewer-password-1').toString('base64')}` };

describe('GET /api/export on a real embedded store of 25,000 events', () => {
  let dir: string;
  let store: LogStore;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'driftwood-export-'));
    const writer = await createEmbeddedStore({ path: path.join(dir, 'driftwood.duckdb') });
    const all = events();
    for (let i = 0; i < all.length; i += 5000) {
      const outcomes = await writer.write(all.slice(i, i + 5000));
      expect(outcomes.every((o) => o.status === 'stored')).toBe(true);
    }
    await writer.flush();
    await writer.close();
    // the route opens the store of its process from the environment, as the UI server does
    process.env.DRIFTWOOD_STORE = 'embedded';
    process.env.DRIFTWOOD_DATA = dir;
    store = await getStore();
    expect(await store.count({ from: FROM, to: TO })).toBe(N);
    await (await getSecurity()).addUser({
      username: 'export-viewer',
      password: 'viewer-password-1',
      roles: ['viewer'],
    });
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports all 25,000 rows as CSV, newest first, each once, formulas neutralised', async () => {
    const res = await GET(new Request(exportUrl('csv'), { headers: AUTH }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual(['@timestamp', 'message', 'host.name']);
    expect(rows.length).toBe(N);
    expect(res.headers.get(EXPORT_TOTAL_HEADER)).toBe(String(N));
    const ids = rows.map((r) => /^event (e\d{5})/.exec(r[1] ?? '')?.[1]);
    expect(new Set(ids).size).toBe(N);
    expect(ids).toEqual(expectedIds());
    const first = rows.find((r) => r[1]?.includes('"quotes"'));
    expect(first?.[1]).toMatch(/^event e\d{5}, with "quotes"\r\nand a second line$/);
    expect(rows.find((r) => r[2]?.includes('HYPERLINK'))?.[2]).toBe(`'=HYPERLINK("http://evil")`);
    for (const r of rows) expect(Date.parse(r[0] ?? '')).toBeGreaterThanOrEqual(FROM);
  });

  it('exports all 25,000 documents as NDJSON, in order, each once', async () => {
    const res = await GET(new Request(exportUrl('ndjson'), { headers: AUTH }));
    const lines = (await res.text()).split('\n');
    expect(lines.pop()).toBe('');
    const docs = lines.map((l) => JSON.parse(l) as { _id: string; message: string; '@timestamp': string });
    expect(docs.length).toBe(N);
    expect(res.headers.get(EXPORT_TOTAL_HEADER)).toBe(String(N));
    expect(docs.map((d) => d._id)).toEqual(expectedIds());
    expect(docs[0]?.message).toContain(docs[0]?._id);
  });

  it('exports what the query matches, with its count, and honours limit', async () => {
    const res = await GET(new Request(exportUrl('ndjson', { q: 'log.level:error' }), { headers: AUTH }));
    expect(res.headers.get(EXPORT_TOTAL_HEADER)).toBe(String(N / 2));
    const ids = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { _id: string })._id);
    expect(ids).toEqual(expectedIds((i) => i % 2 === 0));
    const limited = await GET(new Request(exportUrl('csv', { limit: '1500' }), { headers: AUTH }));
    expect(limited.headers.get(EXPORT_TOTAL_HEADER)).toBe('1500');
    expect(
      parseCsv(await limited.text())
        .slice(1)
        .map((r) => /^event (e\d{5})/.exec(r[1] ?? '')?.[1]),
    ).toEqual(expectedIds().slice(0, 1500));
  });

  it('orders oldest first when the view sorts @timestamp ascending', async () => {
    const res = await GET(
      new Request(exportUrl('ndjson', { sort: '@timestamp:asc', limit: '2500' }), { headers: AUTH }),
    );
    const ids = (await res.text())
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { _id: string })._id);
    const asc = [...Array(N).keys()].map(idOf);
    expect(ids).toEqual(asc.slice(0, 2500));
  });

  it('neutralises formula characters in the header row too (column names come from the URL)', async () => {
    expect(exportCsvHeader(['message', '=HYPERLINK("http://evil")', '+1', '@x'])).toBe(
      `@timestamp,message,"'=HYPERLINK(""http://evil"")",'+1,'@x\r\n`,
    );
    const url = new URL(exportUrl('csv', { limit: '1' }));
    url.searchParams.append('col', '=cmd|calc');
    const res = await GET(new Request(url, { headers: AUTH }));
    const [header] = parseCsv(await res.text());
    expect(header?.at(-1)).toBe(`'=cmd|calc`);
  });

  it('answers 401 without credentials and reads nothing', async () => {
    const res = await GET(new Request(exportUrl('csv')));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
  });

  it('answers a bad query with an HTTP error before any row', async () => {
    const res = await GET(new Request(exportUrl('csv', { q: 'message:(foo' }), { headers: AUTH }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('KQL_SYNTAX');
    expect((await GET(new Request(exportUrl('xml'), { headers: AUTH }))).status).toBe(400);
  });

  it('reads the store only as fast as the reader reads (a stalled reader holds one page)', async () => {
    const counted = countingStore(store);
    const res = await exportResponse(counted.store, exportUrl('ndjson'), { pageSize: 500 });
    expect(counted.searches()).toBe(1); // the first page, read before answering
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await sleep(300);
    // one page read ahead at most, however long the reader waits
    expect(counted.searches()).toBeLessThanOrEqual(2);
    let chunks = 1;
    for (let k = 0; k < 5; k++) {
      await reader.read();
      chunks++;
      await sleep(20);
      expect(counted.searches()).toBeLessThanOrEqual(chunks + 1);
    }
    await reader.cancel();
    const atCancel = counted.searches();
    await sleep(200);
    expect(counted.searches()).toBe(atCancel);
    expect(atCancel).toBeLessThan(N / 500 / 4);
  });

  it('reads every page once when the reader takes it all', async () => {
    const counted = countingStore(store);
    const res = await exportResponse(counted.store, exportUrl('csv'), { pageSize: 2500 });
    const rows = parseCsv(await res.text()).length - 1;
    expect(rows).toBe(N);
    // 10 full pages and the empty one that says there is no more
    expect(counted.searches()).toBe(N / 2500 + 1);
  });

  it('ends an export cut short by a store error with the incomplete line, then fails the transfer', async () => {
    const res = await exportResponse(faultyStore(store, 3), exportUrl('csv'), { pageSize: 1000 });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    let failed: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch (error) {
      failed = error;
    }
    expect(failed, 'the transfer fails after the incomplete line').toBeInstanceOf(DriftwoodError);
    const lines = text.trimEnd().split('\r\n');
    expect(lines.at(-1)).toBe(
      `${INCOMPLETE_MARKER} rows=2000 code=STORE_UNAVAILABLE the store went away (injected fault)`,
    );
    expect(parseCsv(text).length).toBe(1 + 2000 + 1);
  });

  it('runs an export in the page: complete with its total, or incomplete and not saved', async () => {
    const seen: number[] = [];
    const ok = await runExport('/api/export', 'csv', {
      fetch: () => GET(new Request(exportUrl('csv'), { headers: AUTH })),
      onProgress: (s) => seen.push(s.rows),
    });
    expect(ok.status).toMatchObject({ phase: 'done', rows: N, total: N });
    expect(seen.at(-1)).toBe(N);
    expect(seen.length).toBeGreaterThan(N / EXPORT_PAGE);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(ok.file?.name).toMatch(/^driftwood-.*\.csv$/);
    expect(parseCsv(await (ok.file as { blob: Blob }).blob.text()).length).toBe(N + 1);

    const broken = await runExport('/api/export', 'ndjson', {
      fetch: () => exportResponse(faultyStore(store, 4), exportUrl('ndjson'), { pageSize: 1000 }),
    });
    expect(broken.file).toBeUndefined();
    expect(broken.status).toMatchObject({ phase: 'incomplete', rows: 3000, total: N });
    expect(broken.status.reason).toBe('the store went away (injected fault) (STORE_UNAVAILABLE)');

    const down = await runExport('/api/export', 'csv', {
      fetch: () => exportResponse(faultyStore(store, 1), exportUrl('csv')),
    });
    expect(down.status).toMatchObject({ phase: 'incomplete', rows: 0 });
    expect(down.status.reason).toContain('STORE_UNAVAILABLE');
  });

  it('stops reading the store when the page cancels', async () => {
    const counted = countingStore(store);
    const controller = new AbortController();
    const run = await runExport('/api/export', 'ndjson', {
      fetch: () => exportResponse(counted.store, exportUrl('ndjson'), { pageSize: 500 }),
      signal: controller.signal,
      onProgress: (s) => {
        if (s.rows >= 1500) controller.abort();
      },
    });
    expect(run.status.phase).toBe('cancelled');
    expect(run.file).toBeUndefined();
    const atCancel = counted.searches();
    await sleep(200);
    expect(counted.searches()).toBe(atCancel);
    expect(atCancel).toBeLessThanOrEqual(5);
  });
});

describe('the search for the next page', () => {
  const desc = { from: 100, to: 1000, sort: [{ field: '@timestamp', order: 'desc' as const }] };
  const asc = { from: 100, to: 1000, sort: [{ field: '@timestamp', order: 'asc' as const }] };
  it('ends (newest first) or starts (oldest first) at the last hit, equal times included', () => {
    expect(narrowed(desc, 500)).toEqual({ ...desc, to: 501 });
    expect(narrowed(asc, 500)).toEqual({ ...asc, from: 500 });
    expect(narrowed({ sort: desc.sort }, 500)).toEqual({ sort: desc.sort, to: 501 });
  });
  it('never widens the range, and leaves it when the last time is unknown', () => {
    expect(narrowed(desc, 5000)).toBe(desc);
    expect(narrowed(asc, 50)).toBe(asc);
    expect(narrowed(desc, Number.NaN)).toBe(desc);
  });
});
