/**
 * Data and queries for the document-level security tests (restricted.test.ts on the embedded
 * store, restricted.engine.test.ts on all three backends): events from several datasets and
 * sites, the audit trail among them, a role filter, and a seeded generator of user queries over
 * the seeded fields — adversarial shapes included (`… or *`, `not (…)`, nested groups).
 */
import { AUDIT_DATASET, type LogEvent } from '@driftwood/core';
import fc from 'fast-check';

/** Mulberry32: small, fast, deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DLS_START = Date.parse('2026-04-01T00:00:00.000Z');
export const DLS_END = DLS_START + 86_400_000;
export const DLS_HOUR = 3_600_000;

/** The role filter of the tests: a Zurich operator of the IoT fleet. */
export const ZURICH_IOT = 'event.dataset:iot* and site:zurich';

export const DATASETS = ['iot.sensor', 'iot.drone', 'iotx', 'nginx.access', 'app.orders', AUDIT_DATASET];
export const SITES = ['zurich', 'geneva', 'berlin', 'zurich-2'];
export const LEVELS = ['info', 'warn', 'error', 'debug'];
export const HOSTS = ['gw-01', 'gw-02', 'web-01', 'drone-17', 'sensor-9'];
const WORDS = ['timeout', 'battery', 'low', 'login', 'failed', 'zurich', 'order', 'checksum'];

export interface DlsDoc {
  '@timestamp': string;
  message: string;
  event: { dataset: string };
  log: { level: string };
  host: { name: string };
  site?: string;
  http?: { response: { status_code: number } };
  device?: { battery: number };
}

/** `n` events between `from` and `to` (deterministic for a seed); ids start with `prefix`. */
export function dlsEvents(n: number, options: { seed?: number; from?: number; to?: number; prefix?: string } = {}) {
  const next = rng(options.seed ?? 16);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const from = options.from ?? DLS_START;
  const span = (options.to ?? DLS_END) - from;
  const events: LogEvent[] = [];
  for (let i = 0; i < n; i++) {
    const doc: DlsDoc = {
      '@timestamp': new Date(from + Math.floor(next() * span)).toISOString(),
      message: `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} event ${i}`,
      event: { dataset: pick(DATASETS) },
      log: { level: pick(LEVELS) },
      host: { name: pick(HOSTS) },
    };
    if (next() < 0.85) doc.site = pick(SITES);
    if (next() < 0.6) doc.http = { response: { status_code: pick([200, 201, 301, 404, 429, 500, 503]) } };
    if (next() < 0.5) doc.device = { battery: Math.floor(next() * 101) };
    events.push({
      id: `${options.prefix ?? 'dls'}-${String(i).padStart(5, '0')}`,
      doc: doc as unknown as LogEvent['doc'],
    });
  }
  return events;
}

/** ZURICH_IOT evaluated in JavaScript: an oracle independent of every store. */
export function matchesZurichIot(doc: unknown): boolean {
  const d = doc as Partial<DlsDoc>;
  return typeof d.event?.dataset === 'string' && d.event.dataset.startsWith('iot') && d.site === 'zurich';
}

const atom: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...DATASETS, 'nope').map((v) => `event.dataset:${JSON.stringify(v)}`),
  fc.constantFrom('iot*', '*x', 'app.*', 'driftwood*').map((v) => `event.dataset:${v}`),
  fc.constantFrom(...SITES, 'nowhere').map((v) => `site:${v}`),
  fc.constantFrom('zur*', '*va').map((v) => `site:${v}`),
  fc.constantFrom(...LEVELS).map((v) => `log.level:${v}`),
  fc.constantFrom(...HOSTS).map((v) => `host.name:${JSON.stringify(v)}`),
  fc.constantFrom('site', 'http.response.status_code', 'device.battery', 'unknown.field').map((f) => `${f}:*`),
  fc
    .tuple(fc.constantFrom('>', '>=', '<', '<='), fc.constantFrom(200, 301, 404, 500))
    .map(([op, v]) => `http.response.status_code ${op} ${v}`),
  fc.tuple(fc.constantFrom('>', '<='), fc.integer({ min: 0, max: 100 })).map(([op, v]) => `device.battery ${op} ${v}`),
  fc.constantFrom(...WORDS),
  fc.constantFrom('"battery low"', '"login failed"', 'message:timeout', '*'),
);

/** A user query: atoms under and / or / not and parentheses, `*` among them. */
export const userQuery: fc.Arbitrary<string> = fc.letrec<{ q: string }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `(${a}) and (${b})`),
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => `${a} or ${b}`),
    tie('q').map((a) => `not (${a})`),
    tie('q').map((a) => `${a} or *`),
  ),
})).q;

/** The fixed queries every backend answers: hand-picked escapes first, then seeded random ones. */
export function dlsQueries(random: number, seed = 1616): string[] {
  return [
    '',
    '*',
    'x or *',
    '* or event.dataset:nginx.access',
    'not (event.dataset:iot*)',
    'not site:zurich',
    `event.dataset:"${AUDIT_DATASET}"`,
    'site:geneva or site:berlin or not site:*',
    'not (not (event.dataset:app.orders))',
    ...fc.sample(userQuery, { seed, numRuns: random }),
  ];
}
