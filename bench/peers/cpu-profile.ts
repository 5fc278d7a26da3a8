/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by file, and
 * inclusive (self + callees) time of the project's own functions, as shares of the sampled time
 * (idle excluded).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotSpot {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled, non-idle time, ms. */
  busyMs: number;
  functions: HotSpot[];
  files: HotSpot[];
  /** The project's own functions (under `root`, outside node_modules) by inclusive time. */
  inclusive: HotSpot[];
}

function shortUrl(url: string, root: string): string {
  if (!url) return '';
  const p = url.startsWith('file://') ? url.slice('file://'.length) : url;
  if (p.startsWith(root)) return path.relative(root, p);
  const nm = p.lastIndexOf('node_modules/');
  return nm >= 0 ? p.slice(nm) : p;
}

export function summarizeProfile(file: string, root: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the delta to the next one.
    const dt = deltas[i + 1] ?? 0;
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + Math.max(0, dt));
  }
  const fn = new Map<string, number>();
  const files = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const label = (n: ProfileNode): string => {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = shortUrl(url, root);
    return where ? `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}` : functionName || '(anonymous)';
  };
  const own = (n: ProfileNode): boolean => {
    const url = n.callFrame.url.replace(/^file:\/\//, '');
    return url.startsWith(root) && !url.includes('/node_modules/');
  };
  let busy = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url } = n.callFrame;
    if (functionName === '(idle)') continue;
    busy += us;
    const where = shortUrl(url, root);
    const key = label(n);
    fn.set(key, (fn.get(key) ?? 0) + us);
    const counted = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur);
      if (!node || !own(node)) continue;
      const k = label(node);
      if (counted.has(k)) continue;
      counted.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
    const fileKey = where || (functionName ? functionName : '(native, no script)');
    files.set(fileKey, (files.get(fileKey) ?? 0) + us);
  }
  const rank = (m: Map<string, number>): HotSpot[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: busy > 0 ? us / busy : 0 }));
  return { busyMs: busy / 1000, functions: rank(fn), files: rank(files), inclusive: rank(inclusive) };
}
