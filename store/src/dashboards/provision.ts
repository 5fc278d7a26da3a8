/**
 * Provisioning at start (`driftwood up`, `driftwood ui`): load each dashboards folder, print one
 * line, then watch the folders and re-apply a file when it changes (debounced; an unchanged hash
 * is a no-op, a removed file leaves its dashboard in place).
 */
import { existsSync, type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import type { LogStore } from '../contract.ts';
import { type LoadReport, loadDashboardFile, loadDashboards, reportLine } from './load.ts';

export interface Provisioning {
  report: LoadReport;
  /** Resolves when every change seen so far has been applied (for tests). */
  settled(): Promise<void>;
  stop(): void;
}

/**
 * How provisioning reaches the store: a store held open for the whole run (`driftwood up`, which
 * owns it), or a function that opens one for each use and closes it (`driftwood ui`, whose Next
 * server opens the same embedded file itself).
 */
export type StoreAccess = LogStore | (<T>(use: (store: LogStore) => Promise<T>) => Promise<T>);

const withStore = <T>(access: StoreAccess, use: (store: LogStore) => Promise<T>): Promise<T> =>
  typeof access === 'function' ? access(use) : use(access);

export interface ProvisionOptions {
  log: (line: string) => void;
  /** Milliseconds a file must be quiet before it is applied again (default 250). */
  debounceMs?: number;
  watch?: boolean;
}

/** The folders to provision from: the repository's `dashboards/` and DRIFTWOOD_DASHBOARDS_DIR when set. */
export function dashboardDirs(repositoryDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = [repositoryDir];
  const extra = env.DRIFTWOOD_DASHBOARDS_DIR;
  if (extra && path.resolve(extra) !== path.resolve(repositoryDir)) dirs.push(extra);
  return dirs;
}

export async function provisionDashboards(
  access: StoreAccess,
  dirs: string[],
  options: ProvisionOptions,
): Promise<Provisioning> {
  const report: LoadReport = { files: [], loaded: 0, failed: 0 };
  const present = dirs.filter((d) => existsSync(d));
  for (const dir of dirs.filter((d) => !existsSync(d))) options.log(`dashboards: no folder ${dir}`);
  await withStore(access, async (store) => {
    for (const dir of present) {
      const one = await loadDashboards(store, dir);
      report.files.push(...one.files);
      report.loaded += one.loaded;
      report.failed += one.failed;
    }
  });
  options.log(reportLine(report));

  const watchers: FSWatcher[] = [];
  const timers = new Map<string, { timer: NodeJS.Timeout; done: () => void }>();
  let chain: Promise<void> = Promise.resolve();
  /** One promise per change not yet applied; settled() waits for them. */
  const pending = new Set<Promise<void>>();
  const apply = (dir: string, file: string) => {
    const full = path.join(dir, file);
    if (!existsSync(full)) return;
    const name = path.join(path.basename(dir), file);
    chain = chain.then(async () => {
      try {
        const outcome = await withStore(access, (store) => loadDashboardFile(store, full, name));
        if (outcome.status === 'error') options.log(`dashboards: ${outcome.errors.join('; ')}`);
        else if (outcome.status !== 'unchanged') options.log(`dashboards: ${name} ${outcome.status} (${outcome.id})`);
      } catch (error) {
        options.log(`dashboards: ${name}: not applied: ${(error as Error).message}`);
      }
    });
  };
  if (options.watch !== false) {
    for (const dir of present) {
      try {
        const watcher = watch(dir, (_event, filename) => {
          if (!filename?.endsWith('.json')) return;
          const key = path.join(dir, filename);
          const waiting = timers.get(key);
          clearTimeout(waiting?.timer);
          let done = waiting?.done;
          if (!done) {
            let resolve: () => void = () => {};
            pending.add(
              new Promise<void>((r) => {
                resolve = r;
              }),
            );
            done = resolve;
          }
          const finish = done;
          const timer = setTimeout(() => {
            timers.delete(key);
            apply(dir, filename);
            void chain.then(finish);
          }, options.debounceMs ?? 250);
          timers.set(key, { timer, done: finish });
        });
        watcher.on('error', (error) => options.log(`dashboards: watching ${dir}: ${error.message}`));
        watchers.push(watcher);
      } catch (error) {
        options.log(`dashboards: cannot watch ${dir}: ${(error as Error).message}`);
      }
    }
  }
  return {
    report,
    async settled() {
      const now = [...pending];
      await Promise.all(now);
      for (const p of now) pending.delete(p);
      await chain;
    },
    stop() {
      for (const w of watchers) w.close();
      for (const { timer, done } of timers.values()) {
        clearTimeout(timer);
        done();
      }
      timers.clear();
    },
  };
}
