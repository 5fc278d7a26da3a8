/** Glob expansion (Node's `fs.glob`) and directory watching that wakes the file source. */
import { type FSWatcher, watch } from 'node:fs';
import { glob } from 'node:fs/promises';
import path from 'node:path';

const GLOB_CHARS = /[*?[\]{}]/;

/** Every file path matching one of `patterns` and none of `exclude`, sorted. */
export async function expandGlobs(patterns: string[], exclude: string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  const excluded = (p: string): boolean =>
    exclude.some((x) => path.matchesGlob(p, path.resolve(cwd, x)) || path.matchesGlob(path.basename(p), x));
  for (const pattern of patterns) {
    const absolute = path.resolve(cwd, pattern);
    if (!GLOB_CHARS.test(absolute)) {
      if (!excluded(absolute)) found.add(absolute);
      continue;
    }
    try {
      for await (const p of glob(absolute)) {
        const full = path.resolve(cwd, p);
        if (!excluded(full)) found.add(full);
      }
    } catch {
      // A missing directory matches nothing.
    }
  }
  return [...found].sort();
}

/** The directory to watch for a pattern: its longest literal prefix, and whether below it is recursive. */
export function watchRoot(pattern: string, cwd: string): { dir: string; recursive: boolean } {
  const absolute = path.resolve(cwd, pattern);
  const parts = absolute.split(path.sep);
  const literal: string[] = [];
  for (const part of parts) {
    if (GLOB_CHARS.test(part)) break;
    literal.push(part);
  }
  const literalIsWhole = literal.length === parts.length;
  const dir = literalIsWhole ? path.dirname(absolute) : literal.join(path.sep) || path.sep;
  const rest = parts.slice(literal.length);
  return { dir, recursive: rest.length > 1 };
}

/** Watches directories; `onEvent(rename)` is told whether files may have appeared or gone. */
export class DirWatcher {
  readonly #watchers = new Map<string, FSWatcher>();
  readonly #onEvent: (rename: boolean) => void;

  constructor(onEvent: (rename: boolean) => void) {
    this.#onEvent = onEvent;
  }

  /** (Re)arms watchers for the pattern roots; missing directories are retried on the next call. */
  ensure(patterns: string[], cwd: string): void {
    for (const pattern of patterns) {
      const { dir, recursive } = watchRoot(pattern, cwd);
      const key = `${dir}|${recursive}`;
      if (this.#watchers.has(key)) continue;
      try {
        const w = watch(dir, { recursive, persistent: false }, (type) => this.#onEvent(type === 'rename'));
        w.on('error', () => {
          w.close();
          this.#watchers.delete(key);
        });
        this.#watchers.set(key, w);
      } catch {
        // Not there yet: polling covers it.
      }
    }
  }

  close(): void {
    for (const w of this.#watchers.values()) w.close();
    this.#watchers.clear();
  }
}
