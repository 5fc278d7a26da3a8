/**
 * Random, realistic workloads for the differential oracle tests (`*.oracle.test.ts`): several
 * sources with their own field sets (an nginx access log, a winston app, an IoT fleet, a wide
 * source with many fields), backfill older than live data, out-of-order and repeated ids, tiny and
 * large writes, fields that appear later or turn into lists, values that conflict with their
 * field's type, high-cardinality fields that leave the rollups, text full of quoting and non-ASCII
 * characters — and between writes: reopening the file (closed cleanly, or as a crash left it),
 * retention cutting a minute, reads during writes.
 *
 * A step holds a seed, not its events: events are made from the seed by a small PRNG, so a
 * workload of thousands of events stays a short value for fast-check to shrink and print.
 */
import type { LogDocument, LogEvent } from '@driftwood/core';
import fc from 'fast-check';

/** The start of the workloads' time: the data spans six hours from here. */
export const T0 = Date.UTC(2026, 2, 1);
export const SPAN = 6 * 3_600_000;
/** Live data is written into the last LIVE of the span, backfill anywhere before it. */
const LIVE = 20 * 60_000;

export const SOURCES = ['nginx', 'app', 'iot', 'wide', 'odd'] as const;
export type Source = (typeof SOURCES)[number];

export type Step =
  | {
      kind: 'write';
      source: Source;
      /** Events in the write. */
      n: number;
      seed: number;
      mode: 'backfill' | 'live' | 'one-minute' | 'one-ms';
      /** Share of the write's events that repeat ids of earlier writes of this source. */
      repeats: number;
      /** Written as this many writes at once (concurrent calls). */
      calls: number;
      /** Queries run while the write is in flight. */
      readDuring: boolean;
    }
  | { kind: 'reopen'; clean: boolean }
  | { kind: 'retention'; cutoff: number };

export interface Workload {
  steps: Step[];
  /** Seeds of the query sets compared after each step. */
  querySeed: number;
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): {
  next: () => number;
  int: (n: number) => number;
  pick: <T>(xs: readonly T[]) => T;
} {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)] as (typeof xs)[number] };
}

const writeStep: fc.Arbitrary<Step> = fc.record({
  kind: fc.constant('write' as const),
  source: fc.constantFrom(...SOURCES),
  // mostly small, some large enough to cross the store's parts and dense minutes
  n: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 60 }) },
    { weight: 3, arbitrary: fc.integer({ min: 61, max: 500 }) },
    { weight: 1, arbitrary: fc.integer({ min: 1_200, max: 3_200 }) },
  ),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  mode: fc.constantFrom('backfill', 'backfill', 'live', 'one-minute', 'one-ms'),
  repeats: fc.constantFrom(0, 0, 0.1, 0.5, 1),
  calls: fc.constantFrom(1, 1, 1, 2, 3),
  readDuring: fc.boolean(),
});

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: writeStep },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reopen' as const), clean: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('retention' as const),
      // inside a minute, and sometimes on a minute's first millisecond
      cutoff: fc.oneof(
        fc.integer({ min: 0, max: SPAN }),
        fc.integer({ min: 0, max: SPAN / 60_000 }).map((m) => m * 60_000),
      ),
    }),
  },
);

export function workloadArb(maxSteps = 6): fc.Arbitrary<Workload> {
  return fc.record({
    steps: fc.array(stepArb, { minLength: 1, maxLength: maxSteps }).map((steps) =>
      // a workload starts with a write, so that there is something to compare
      steps[0]?.kind === 'write' ? steps : [{ ...writeStepExample, seed: steps.length }, ...steps],
    ),
    querySeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  });
}

const writeStepExample: Step = {
  kind: 'write',
  source: 'nginx',
  n: 40,
  seed: 0,
  mode: 'backfill',
  repeats: 0,
  calls: 1,
  readDuring: false,
};

const LEVELS = ['info', 'warn', 'error', 'debug', 'INFO'] as const;
const WORDS = ['refused', 'timeout', 'ok', 'order', 'paid', 'Zürich', 'naïve', 'ünïcödé', '日本', '🚀', 'a-b', 'x_y'];
/** Text that tests the encoders: quotes, separators, line breaks, non-ASCII, lone surrogates. */
const ODD_TEXT = [
  '',
  ' ',
  '"',
  '""',
  ',',
  'a,b',
  'line\nbreak',
  'tab\there',
  '\\',
  "it's",
  'é',
  '\ud800',
  '\u0000x',
  'x'.repeat(300),
];

/** The events of a write step; `seq` numbers the source's events so far (ids are source + number). */
export function stepEvents(
  step: Extract<Step, { kind: 'write' }>,
  seq: number,
  written: readonly LogEvent[],
): LogEvent[] {
  const r = prng(step.seed);
  const base =
    step.mode === 'live'
      ? T0 + SPAN - LIVE
      : step.mode === 'one-minute' || step.mode === 'one-ms'
        ? T0 + r.int(SPAN / 60_000) * 60_000
        : T0;
  const width =
    step.mode === 'live' ? LIVE : step.mode === 'one-minute' ? 60_000 : step.mode === 'one-ms' ? 1 : SPAN - LIVE;
  const out: LogEvent[] = [];
  for (let i = 0; i < step.n; i++) {
    if (written.length > 0 && r.next() < step.repeats) {
      // a retry: an id sent before, with the document it had
      out.push(r.pick(written));
      continue;
    }
    // a quarter on a minute's first millisecond, where rollups' whole minutes and edges meet
    const ts = width > 60_000 && r.int(4) === 0 ? base + r.int(width / 60_000) * 60_000 : base + r.int(width);
    out.push({ id: `${step.source}-${seq + i}`, doc: sourceDoc(step.source, ts, seq + i, r) });
  }
  // out of order within a write
  for (let i = out.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [out[i], out[j]] = [out[j] as LogEvent, out[i] as LogEvent];
  }
  return out;
}

function sourceDoc(source: Source, ts: number, n: number, r: ReturnType<typeof prng>): LogDocument {
  const doc: LogDocument = { '@timestamp': new Date(ts).toISOString() };
  switch (source) {
    case 'nginx': {
      const status = r.pick([200, 200, 200, 304, 404, 500, 503]);
      Object.assign(doc, {
        message: `GET /p/${r.int(20)} HTTP/1.1 ${status}`,
        // a one-valued array, as the access-log pipelines write it (sometimes a plain value)
        event: { dataset: 'nginx.access', category: r.int(8) === 0 ? 'web' : ['web'] },
        host: { name: r.pick(['web-1', 'web-2']) },
        source: { ip: `203.0.113.${r.int(40)}` },
        http: {
          request: { method: r.pick(['GET', 'GET', 'POST', 'DELETE']) },
          response: { status_code: status, body: { bytes: r.int(50_000) } },
        },
        url: { original: `/p/${r.int(20)}` },
        user_agent: { original: r.pick(['Mozilla/5.0', 'curl/8.5.0', 'Googlebot/2.1']) },
      });
      // a field that appears later in the file's life
      if (n > 200) doc.nginx = { upstream: r.pick(['a', 'b']) };
      break;
    }
    case 'app': {
      const level = r.pick(LEVELS);
      Object.assign(doc, {
        message: `${r.pick(WORDS)} ${r.pick(WORDS)} order ${r.int(1000)}`,
        log: { level },
        service: { name: r.pick(['checkout', 'cart', 'search']) },
        event: { dataset: 'app' },
        host: { name: 'app-1' },
        order_id: r.int(5000),
        // one value per event: leaves the rollups in dense minutes
        trace: { id: `t${n}-${r.int(1e9)}` },
      });
      if (level === 'error')
        doc.error = { message: `card declined ${r.int(9)}`, type: r.pick(['CardError', 'Timeout']) };
      // a field that is a scalar at first and a list later
      if (r.int(3) === 0) doc.tags = n > 150 ? [r.pick(['a', 'b']), r.pick(['c', 'd'])] : r.pick(['a', 'b', 'c']);
      break;
    }
    case 'iot': {
      Object.assign(doc, {
        message: `reading ${r.int(100)}`,
        event: { dataset: 'iot.telemetry' },
        device: { id: `dev-${r.int(60)}`, type: r.pick(['sensor', 'drone', 'watch']) },
        battery: Math.round(r.next() * 10_000) / 100,
        temperature: r.int(80) - 20 + r.pick([0, 0.5]),
        online: r.int(5) !== 0,
        site: r.pick(['zurich', 'oslo']),
      });
      break;
    }
    case 'wide': {
      // more than 31 rolled fields at once (the shape that broke the rollups)
      Object.assign(doc, { message: 'wide', event: { dataset: 'wide' }, host: { name: `wide-${r.int(3)}` } });
      const wide: Record<string, string | number | boolean> = {};
      for (let f = 0; f < 33; f++)
        wide[`k${f}`] = f % 3 === 0 ? r.int(4) : f % 3 === 1 ? `v${r.int(4)}` : r.int(2) === 0;
      doc.wide = wide;
      break;
    }
    case 'odd': {
      // values that take the full path: conflicts, odd text, deep objects, arrays of objects
      Object.assign(doc, {
        message: `${r.pick(ODD_TEXT)} ${r.pick(WORDS)}`,
        event: { dataset: 'odd' },
        log: { level: r.pick(LEVELS) },
        // a word in a long field, a number in a keyword field
        http: { response: { status_code: r.int(4) === 0 ? 'not-a-number' : r.pick([200, 500]) } },
        service: { name: r.int(4) === 0 ? 42 : r.pick(ODD_TEXT) },
        nested: { a: { b: { c: r.pick(ODD_TEXT) } } },
        list: r.int(2) === 0 ? [{ x: 1 }, { x: 2 }] : [],
        big: r.pick([2 ** 53 - 1, -1, 0, 1.5e300, -0.25]),
      });
      if (r.int(3) === 0) doc[`late_${r.int(3)}`] = r.pick(ODD_TEXT);
      break;
    }
  }
  return doc;
}
