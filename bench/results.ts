/**
 * bench/RESULTS.md holds one section per benchmark between markers
 * `<!-- NAME:start -->` and `<!-- NAME:end -->`; each benchmark rewrites only its own section.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RESULTS_FILE = path.join(import.meta.dirname, 'RESULTS.md');

const HEADER = `# Benchmark results

Written by \`npm run bench\` (each benchmark rewrites its own section). Numbers are from the
machine named in each section; peers are measured in the same run on the same machine.
`;

export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}`;
}

/**
 * Rewrites the benchmark's section. `BENCH_NO_RESULTS=1` leaves the file alone (a trial run at a
 * small size, to see that a benchmark works, must not replace the figures).
 */
export function writeSection(name: string, markdown: string): void {
  if (process.env.BENCH_NO_RESULTS === '1') {
    console.log(`${name}: BENCH_NO_RESULTS=1, ${path.basename(RESULTS_FILE)} left as it is`);
    return;
  }
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const current = existsSync(RESULTS_FILE) ? readFileSync(RESULTS_FILE, 'utf8') : HEADER;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const i = current.indexOf(start);
  const j = current.indexOf(end);
  const next =
    i >= 0 && j > i
      ? current.slice(0, i) + block + current.slice(j + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(RESULTS_FILE, next);
}

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (rank - lo);
}
