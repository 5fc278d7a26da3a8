/**
 * `driftwood import [--pipeline NAME] [--batch N] FILE...`: batch-load plain or gzip files
 * (detected by magic bytes) into the configured store, streaming with bounded memory. Each line's
 * id is the file's absolute path + line number, so importing the same file again stores nothing
 * twice, and repeated identical lines are all kept. Lines without a time stamp take the file's
 * modification time. A progress bar goes to stderr when it is a
 * TTY; a summary (lines read, stored, duplicates, dead-lettered) is printed at the end.
 */
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createGunzip } from 'node:zlib';
import { getField, isDriftwoodError, setField } from '@driftwood/core';
import { contentId } from '@driftwood/core/node';
import { type LogStore, openStore, selectStore } from '@driftwood/store';
import { parseConfig } from '../config.ts';
import { documentFromLine } from '../documents.ts';
import type { IngestItem, Ingestor } from '../ingest.ts';
import { IndexerMetrics } from '../metrics.ts';
import { getPipeline } from '../parse/index.ts';
import { createIngestor } from '../server.ts';

export interface ImportSummary {
  files: number;
  lines: number;
  stored: number;
  duplicates: number;
  conflicts: number;
  deadLettered: number;
  failed: number;
  unavailable: number;
}

export interface ImportOptions {
  pipeline?: string;
  batchSize?: number;
  timezone?: string;
  /** How long a batch may wait for an unavailable store (ms). */
  storeWaitMs?: number;
  onProgress?: (bytes: number, lines: number) => void;
}

function isGzip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** Import files through an ingestor; resolves to the counts. */
export async function importFiles(
  ingestor: Ingestor,
  files: string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 2_000;
  const summary: ImportSummary = {
    files: 0,
    lines: 0,
    stored: 0,
    duplicates: 0,
    conflicts: 0,
    deadLettered: 0,
    failed: 0,
    unavailable: 0,
  };
  let bytes = 0;
  const flush = async (batch: IngestItem[]) => {
    if (batch.length === 0) return;
    const outcomes = await ingestor.ingest(batch, {
      input: 'import',
      deadline: Date.now() + (options.storeWaitMs ?? 600_000),
    });
    for (const o of outcomes) {
      if (o.status === 'stored') summary.stored++;
      else if (o.status === 'stored_with_conflicts') {
        summary.stored++;
        summary.conflicts++;
      } else if (o.status === 'duplicate') summary.duplicates++;
      else if (o.status === 'dead_lettered') summary.deadLettered++;
      else if (o.status === 'failed') summary.failed++;
      else summary.unavailable++;
    }
  };
  for (const file of files) {
    const absolute = path.resolve(file);
    const raw = createReadStream(absolute);
    raw.on('data', (chunk) => {
      bytes += chunk.length;
    });
    const input: Readable = isGzip(absolute) ? raw.pipe(createGunzip()) : raw;
    input.setEncoding('utf8');
    const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
    // The file's modification time is the reference for lines without a full time stamp (year
    // inference, the @timestamp fallback): importing the same file again gives the same documents.
    const receivedAt = statSync(absolute).mtime;
    const ingested = new Date().toISOString();
    let lineNo = 0;
    let batch: IngestItem[] = [];
    for await (const line of lines) {
      lineNo++;
      if (line === '') continue;
      summary.lines++;
      const result = documentFromLine(line, {
        receivedAt,
        ...(options.pipeline ? { pipeline: options.pipeline } : {}),
        ...(options.timezone ? { timezone: options.timezone } : {}),
      });
      if (result.ok) {
        if (getField(result.doc, 'log.file.path') === undefined) setField(result.doc, 'log.file.path', absolute);
        setField(result.doc, 'event.ingested', ingested);
      }
      batch.push({ id: contentId('import', absolute, String(lineNo)), result, original: line, origin: absolute });
      if (batch.length >= batchSize) {
        await flush(batch);
        batch = [];
        options.onProgress?.(bytes, summary.lines);
      }
    }
    await flush(batch);
    options.onProgress?.(bytes, summary.lines);
    summary.files++;
  }
  return summary;
}

function progressBar(total: number): (bytes: number, lines: number) => void {
  if (!process.stderr.isTTY) return () => {};
  return (bytes, lines) => {
    const width = 30;
    const f = total > 0 ? Math.min(1, bytes / total) : 1;
    const filled = Math.round(f * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}%  ${lines.toLocaleString('en-US')} lines`,
    );
  };
}

export async function run(args: string[]): Promise<number> {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        pipeline: { type: 'string', short: 'p' },
        batch: { type: 'string' },
        timezone: { type: 'string' },
        store: { type: 'string' },
        data: { type: 'string' },
        url: { type: 'string' },
      },
    });
  } catch (error) {
    process.stderr.write(`driftwood import: ${(error as Error).message}\n`);
    return 2;
  }
  const { values, positionals: files } = parsed;
  if (files.length === 0) {
    process.stderr.write('usage: driftwood import [--pipeline NAME] [--batch N] FILE...\n');
    return 2;
  }
  const pipeline = values.pipeline as string | undefined;
  let store: LogStore | undefined;
  try {
    if (pipeline) getPipeline(pipeline);
    let total = 0;
    for (const f of files) total += statSync(f).size;
    const flags = {
      ...(values.store ? { store: values.store as string } : {}),
      ...(values.data ? { data: values.data as string } : {}),
      ...(values.url ? { url: values.url as string } : {}),
    };
    store = await openStore(selectStore(flags));
    // Waits out a store that is briefly unavailable (up to storeWaitMs, 10 minutes) instead of failing.
    const config = parseConfig({ retry: { attempts: 100, max_backoff_ms: 10_000 } });
    const ingestor = createIngestor(config, store, new IndexerMetrics());
    const started = performance.now();
    const summary = await importFiles(ingestor, files, {
      batchSize: values.batch ? Math.max(1, Number(values.batch)) : 2_000,
      onProgress: progressBar(total),
      ...(pipeline ? { pipeline } : {}),
      ...(values.timezone ? { timezone: values.timezone as string } : {}),
    });
    await store.flush();
    if (process.stderr.isTTY) process.stderr.write('\n');
    const secs = (performance.now() - started) / 1000;
    process.stdout.write(
      `${summary.files} files, ${summary.lines} lines read: ${summary.stored} stored` +
        `${summary.conflicts ? ` (${summary.conflicts} with mapping conflicts)` : ''}, ${summary.duplicates} duplicates, ` +
        `${summary.deadLettered} dead-lettered${summary.failed ? `, ${summary.failed} failed` : ''}` +
        `${summary.unavailable ? `, ${summary.unavailable} not written (store unavailable)` : ''} in ${secs.toFixed(1)} s\n`,
    );
    return summary.unavailable > 0 || summary.failed > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`driftwood import: ${isDriftwoodError(error) ? error.message : (error as Error).message}\n`);
    return 1;
  } finally {
    await store?.close().catch(() => undefined);
  }
}
