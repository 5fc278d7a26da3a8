import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DirWatcher, expandGlobs, watchRoot } from './discovery.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dw-discovery-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function touch(...names: string[]): Promise<void> {
  for (const name of names) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), 'x\n');
  }
}

const rel = (paths: string[]) => paths.map((p) => path.relative(dir, p));

describe('expandGlobs', () => {
  it('returns absolute, sorted, unique paths matching any pattern', async () => {
    await touch('b.log', 'a.log', 'c.txt', 'sub/d.log');
    const found = await expandGlobs(['*.log', 'a.*', 'sub/*.log'], [], dir);
    expect(found.every((p) => path.isAbsolute(p))).toBe(true);
    expect(rel(found)).toEqual(['a.log', 'b.log', 'sub/d.log']);
  });

  it('matches recursively with **', async () => {
    await touch('x/app.log', 'x/y/z/app.log', 'x/y/other.txt');
    expect(rel(await expandGlobs(['x/**/*.log'], [], dir))).toEqual(['x/app.log', 'x/y/z/app.log']);
  });

  it('drops paths matching an exclude pattern, by full path or by base name', async () => {
    await touch('app.log', 'app.log.1.gz', 'old/app.log', 'keep/app.log');
    expect(rel(await expandGlobs(['**/app.log*'], ['*.gz', 'old/**'], dir))).toEqual(['app.log', 'keep/app.log']);
  });

  it('keeps a literal path even before the file exists (so it is picked up once created)', async () => {
    const found = await expandGlobs(['later.log', path.join(dir, 'abs.log')], [], dir);
    expect(rel(found)).toEqual(['abs.log', 'later.log']);
    expect(await expandGlobs(['later.log'], ['later.log'], dir)).toEqual([]);
  });

  it('matches nothing under a missing directory (no throw)', async () => {
    expect(await expandGlobs(['missing/*.log', 'gone/**/*.log'], [], dir)).toEqual([]);
  });
});

describe('watchRoot', () => {
  it('watches the directory of a literal path, not recursively', () => {
    expect(watchRoot('/var/log/app.log', '/')).toEqual({ dir: '/var/log', recursive: false });
  });

  it('watches the longest literal prefix of a pattern', () => {
    expect(watchRoot('/var/log/*.log', '/')).toEqual({ dir: '/var/log', recursive: false });
    expect(watchRoot('/var/log/*/app.log', '/')).toEqual({ dir: '/var/log', recursive: true });
    expect(watchRoot('/var/log/**/*.log', '/')).toEqual({ dir: '/var/log', recursive: true });
    expect(watchRoot('/srv/app-{a,b}/out.log', '/')).toEqual({ dir: '/srv', recursive: true });
  });

  it('resolves a relative pattern against cwd', () => {
    expect(watchRoot('logs/*.log', '/home/me')).toEqual({ dir: '/home/me/logs', recursive: false });
  });

  it('falls back to the root for a pattern that is a glob from its first part', () => {
    expect(watchRoot('/*/x.log', '/')).toEqual({ dir: '/', recursive: true });
  });
});

describe('DirWatcher', () => {
  async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('reports a file appearing in a watched directory as a rename', async () => {
    await mkdir(path.join(dir, 'logs'));
    const events: boolean[] = [];
    const watcher = new DirWatcher((rename) => events.push(rename));
    try {
      watcher.ensure(['logs/*.log'], dir);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await writeFile(path.join(dir, 'logs', 'new.log'), 'hello\n');
      await until(() => events.includes(true), 'a rename event');
    } finally {
      watcher.close();
    }
  });

  it('arms a watcher on a later call once a missing directory exists', async () => {
    const events: boolean[] = [];
    const watcher = new DirWatcher((rename) => events.push(rename));
    try {
      watcher.ensure(['late/*.log'], dir); // not there yet: no throw
      await mkdir(path.join(dir, 'late'));
      watcher.ensure(['late/*.log'], dir);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await writeFile(path.join(dir, 'late', 'a.log'), 'x\n');
      await until(() => events.length > 0, 'an event from the late directory');
    } finally {
      watcher.close();
    }
  });

  it('reports nothing once closed', async () => {
    await mkdir(path.join(dir, 'logs'));
    const events: boolean[] = [];
    const watcher = new DirWatcher((rename) => events.push(rename));
    watcher.ensure(['logs/*.log'], dir);
    watcher.close();
    await writeFile(path.join(dir, 'logs', 'x.log'), 'x\n');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events).toEqual([]);
  });
});
