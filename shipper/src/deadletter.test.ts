import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDriftwoodError } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { DeadLetter, type DeadLetterEntry, deadLetterSchema } from './deadletter.ts';
import { toQueued } from './queue/types.ts';

const entry = (i: number, message = `m${i}`): DeadLetterEntry => ({
  event: toQueued({ id: `app:${i}`, source: 'app', doc: { message, n: i } }),
  reason: `MAPPING_CONFLICT: HTTP 400 mapper_parsing_exception: failed to parse field [n] (${i})`,
  status: 400,
});

async function store(config: object = {}) {
  const data = await mkdtemp(path.join(tmpdir(), 'dw-deadletter-'));
  const make = () => new DeadLetter(data, deadLetterSchema.parse(config), () => new Date('2026-01-02T03:04:05.000Z'));
  const dl = make();
  await dl.open();
  const dir = path.join(data, 'deadletter');
  const files = () => readdirSync(dir).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const lines = (name: string) =>
    readFileSync(path.join(dir, name), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  return { data, dir, dl, make, files, lines };
}

describe('dead-letter file', () => {
  it('writes one JSON line per event: the original event, the reason and status, the output and the time', async () => {
    const t = await store();
    await t.dl.write([entry(1), entry(2, 'quote " and ünïcode')], 'bulk');
    expect(t.files()).toEqual(['deadletter-1.ndjson']);
    expect(t.lines('deadletter-1.ndjson')).toEqual([
      {
        time: '2026-01-02T03:04:05.000Z',
        output: 'bulk',
        status: 400,
        reason: 'MAPPING_CONFLICT: HTTP 400 mapper_parsing_exception: failed to parse field [n] (1)',
        id: 'app:1',
        source: 'app',
        event: { message: 'm1', n: 1 },
      },
      expect.objectContaining({ id: 'app:2', event: { message: 'quote " and ünïcode', n: 2 } }),
    ]);
    const bytes = readFileSync(path.join(t.dir, 'deadletter-1.ndjson')).length;
    expect(t.dl.stats()).toMatchObject({ events: 2, bytes, files: 1, full: false, written: 2 });
    await t.dl.close();
    // A restart counts what is on disk.
    const again = t.make();
    await again.open();
    expect(again.stats()).toMatchObject({ events: 2, bytes, files: 1, full: false, written: 0 });
    await again.write([entry(3)], 'bulk');
    expect(t.files()).toEqual(['deadletter-1.ndjson']);
    expect(again.stats().events).toBe(3);
    await again.close();
  });

  it('rotates at max_bytes / max_files, keeps at most max_files, and when full refuses the whole batch (never deletes)', async () => {
    const one = Buffer.byteLength(
      `${JSON.stringify({ time: '2026-01-02T03:04:05.000Z', output: 'bulk', status: 400, reason: entry(1).reason, id: 'app:1', source: 'app', event: { message: 'm1', n: 1 } })}\n`,
    );
    // Room for two lines per file, three files.
    const t = await store({ max_bytes: one * 6 + 3, max_files: 3 });
    for (let i = 1; i <= 6; i++) await t.dl.write([entry(i)], 'bulk');
    expect(t.files()).toEqual(['deadletter-1.ndjson', 'deadletter-2.ndjson', 'deadletter-3.ndjson']);
    expect(t.files().map((f) => t.lines(f).map((l) => l.id))).toEqual([
      ['app:1', 'app:2'],
      ['app:3', 'app:4'],
      ['app:5', 'app:6'],
    ]);
    let error: unknown;
    await t.dl.write([entry(7)], 'bulk').catch((e) => {
      error = e;
    });
    expect(isDriftwoodError(error, 'QUEUE_FULL')).toBe(true);
    expect(String((error as Error).message)).toMatch(/dead-letter store full .* move or delete dead-letter files/);
    expect(t.dl.stats()).toMatchObject({ events: 6, files: 3, full: true });
    expect(t.files().map((f) => t.lines(f).length)).toEqual([2, 2, 2]); // nothing deleted, nothing half-written

    // An operator deals with the oldest file: there is room again, in a new file (names are not reused).
    rmSync(path.join(t.dir, 'deadletter-1.ndjson'));
    await t.dl.write([entry(7), entry(8)], 'bulk');
    expect(t.files()).toEqual(['deadletter-2.ndjson', 'deadletter-3.ndjson', 'deadletter-4.ndjson']);
    expect(t.lines('deadletter-4.ndjson').map((l) => l.id)).toEqual(['app:7', 'app:8']);
    expect(t.dl.stats()).toMatchObject({ events: 6, files: 3, full: false, written: 8 });
    // A batch that does not fit whole is refused whole.
    await expect(t.dl.write([entry(9), entry(10)], 'bulk')).rejects.toMatchObject({ code: 'QUEUE_FULL' });
    expect(t.dl.stats().events).toBe(6);
    await t.dl.close();
  });

  it('never appends to a file that was moved away, and takes an event larger than the bound into an empty store', async () => {
    const t = await store({ max_bytes: 1000, max_files: 2 });
    await t.dl.write([entry(1)], 'bulk');
    rmSync(path.join(t.dir, 'deadletter-1.ndjson'));
    await t.dl.write([entry(2)], 'bulk');
    expect(t.files()).toEqual(['deadletter-2.ndjson']);
    expect(t.lines('deadletter-2.ndjson').map((l) => l.id)).toEqual(['app:2']);
    rmSync(path.join(t.dir, 'deadletter-2.ndjson'));
    const big = entry(3, 'x'.repeat(5000));
    await t.dl.write([big], 'bulk');
    expect(t.lines('deadletter-3.ndjson')[0].event.message).toHaveLength(5000);
    await expect(t.dl.write([entry(4)], 'bulk')).rejects.toMatchObject({ code: 'QUEUE_FULL' });
    // The whole directory removed: it is made again.
    rmSync(t.dir, { recursive: true });
    await t.dl.write([entry(5)], 'bulk');
    expect(t.files()).toEqual(['deadletter-4.ndjson']);
    expect(t.dl.stats()).toMatchObject({ events: 1, files: 1, full: false });
    await t.dl.close();
  });

  it('has sensible defaults: 100 MB in 10 files under <data>/deadletter, fsynced', () => {
    expect(deadLetterSchema.parse({})).toEqual({
      path: 'deadletter',
      max_bytes: 100 * 1024 * 1024,
      max_files: 10,
      fsync: true,
    });
    expect(() => deadLetterSchema.parse({ max_byte: 1 })).toThrow();
  });
});
