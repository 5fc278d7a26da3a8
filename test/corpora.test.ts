/**
 * The parsing library against the loghub corpora (test/system.ts findLoghub: DRIFTWOOD_LOGHUB or
 * shared/corpora/loghub beside the checkout, 2,000 lines per system; skipped with one line when
 * absent, a failure under CI=true): every line of every file yields a document with a `message`, without throwing;
 * `@timestamp` comes from the line for 100% of lines (checked against loghub's structured CSV,
 * line by line); levels match the CSV; first lines of each system match exact expected fields.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getField, type LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { parseCsvRecord } from '../indexer/src/parse/csv.ts';
import { getPipeline } from '../indexer/src/parse/index.ts';
import { normalizeLevel } from '../indexer/src/parse/level.ts';
import { findLoghub, skipWithout } from './system.ts';

const loghub = findLoghub();
const noCorpus = skipWithout('the loghub corpus tests', loghub);
const corpus = loghub.ok ? loghub.path : '';
/** Fixed arrival time: year inference and the "not from the line" check depend on it. */
const receivedAt = new Date('2026-11-25T12:00:00Z');
const RECEIVED = receivedAt.toISOString();

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const mon = (name: string) => MONTHS.indexOf(name);
const iso = (y: number, mo: number, d: number, h: number, mi: number, s: number, ms = 0) =>
  new Date(Date.UTC(y, mo, d, h, mi, s, ms)).toISOString();
/** Year inference as specified: the year that puts the time closest before now + 1 day. */
const inferred = (mo: number, d: number, h: number, mi: number, s: number, ms = 0) => {
  const limit = receivedAt.getTime() + 86_400_000;
  for (let y = receivedAt.getUTCFullYear() + 1; ; y--) {
    const t = Date.UTC(y, mo, d, h, mi, s, ms);
    if (t <= limit) return new Date(t).toISOString();
  }
};
const hms = (t: string) => t.split(/[:,.]/).map(Number) as [number, number, number, number?];

type Row = Record<string, string>;
interface SystemSpec {
  /** The specific pipeline for this system, when one applies. */
  pipeline?: string;
  /** Expected @timestamp from loghub's structured columns. */
  timestamp(row: Row): string;
  /** Fields of the first line's `auto` document, exactly. */
  first: Record<string, unknown>;
  /** Extra per-line checks against the CSV row. */
  check?(doc: LogDocument, row: Row): void;
}

const levelCheck = (doc: LogDocument, row: Row) => expect(getField(doc, 'log.level')).toBe(normalizeLevel(row.Level));
/** loghub trims trailing blanks from Content; we keep the message as written. */
const contentCheck = (doc: LogDocument, row: Row) => expect((doc.message as string).trimEnd()).toBe(row.Content);

const SYSTEMS: Record<string, SystemSpec> = {
  Apache: {
    pipeline: 'apache',
    timestamp: (r) => {
      const [, m, d, t, y] = (r.Time as string).split(/ +/) as [string, string, string, string, string];
      const [h, mi, s] = hms(t);
      return iso(Number(y), mon(m), Number(d), h, mi, s);
    },
    first: {
      '@timestamp': '2005-12-04T04:47:44.000Z',
      'log.level': 'info',
      message: 'workerEnv.init() ok /etc/httpd/conf/workers2.properties',
      'event.dataset': 'apache.error',
    },
    check: levelCheck,
  },
  HDFS: {
    pipeline: 'java',
    timestamp: (r) => {
      const d = r.Date as string;
      const t = (r.Time as string).padStart(6, '0');
      return iso(
        2000 + Number(d.slice(0, 2)),
        Number(d.slice(2, 4)) - 1,
        Number(d.slice(4, 6)),
        Number(t.slice(0, 2)),
        Number(t.slice(2, 4)),
        Number(t.slice(4, 6)),
      );
    },
    first: {
      '@timestamp': '2008-11-09T20:36:15.000Z',
      'log.level': 'info',
      'log.logger': 'dfs.DataNode$PacketResponder',
      'process.pid': 148,
      message: 'PacketResponder 1 for block blk_38865049064139660 terminating',
    },
    check: (doc, row) => {
      levelCheck(doc, row);
      contentCheck(doc, row);
      expect(getField(doc, 'process.pid')).toBe(Number(row.Pid));
      expect(getField(doc, 'log.logger')).toBe(row.Component);
    },
  },
  Hadoop: {
    pipeline: 'java',
    timestamp: (r) => {
      const [y, mo, d] = (r.Date as string).split('-').map(Number) as [number, number, number];
      const [h, mi, s, ms] = hms(r.Time as string);
      return iso(y, mo - 1, d, h, mi, s, ms);
    },
    first: {
      '@timestamp': '2015-10-18T18:01:47.978Z',
      'log.level': 'info',
      'log.logger': 'org.apache.hadoop.mapreduce.v2.app.MRAppMaster',
      'process.thread.name': 'main',
      message: 'Created MRAppMaster for application appattempt_1445144423722_0020_000001',
    },
    check: (doc, row) => {
      levelCheck(doc, row);
      contentCheck(doc, row);
    },
  },
  HealthApp: {
    timestamp: (r) => {
      const t = r.Time as string;
      const [h, mi, s, ms] = t.slice(9).split(':').map(Number) as [number, number, number, number];
      return iso(Number(t.slice(0, 4)), Number(t.slice(4, 6)) - 1, Number(t.slice(6, 8)), h, mi, s, ms);
    },
    first: {
      '@timestamp': '2017-12-23T22:15:29.606Z',
      'log.logger': 'Step_LSC',
      'process.pid': 30002312,
      message: 'onStandStepChanged 3579',
    },
    check: (doc, row) => {
      contentCheck(doc, row);
      expect(getField(doc, 'log.logger')).toBe(row.Component);
    },
  },
  Linux: {
    pipeline: 'syslog',
    timestamp: (r) => {
      const [h, mi, s] = hms(r.Time as string);
      return inferred(mon(r.Month as string), Number(r.Date), h, mi, s);
    },
    first: {
      '@timestamp': '2026-06-14T15:16:01.000Z',
      'host.hostname': 'combo',
      'process.name': 'sshd(pam_unix)',
      'process.pid': 19939,
      'event.dataset': 'system.auth',
      tags: ['_timestamp_year_inferred'],
      message: 'authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=218.188.2.4 ',
    },
  },
  OpenSSH: {
    pipeline: 'ssh',
    timestamp: (r) => {
      const [h, mi, s] = hms(r.Time as string);
      return inferred(mon(r.Date as string), Number(r.Day), h, mi, s);
    },
    first: {
      '@timestamp': '2025-12-10T06:55:46.000Z',
      'host.hostname': 'LabSZ',
      'process.name': 'sshd',
      'process.pid': 24200,
      'source.ip': '173.234.31.186',
      'event.dataset': 'system.auth',
      message:
        'reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!',
    },
    check: (doc, row) => {
      contentCheck(doc, row);
      expect(getField(doc, 'process.pid')).toBe(Number(row.Pid));
    },
  },
  OpenStack: {
    pipeline: 'java',
    timestamp: (r) => {
      const [y, mo, d] = (r.Date as string).split('-').map(Number) as [number, number, number];
      const [h, mi, s, ms] = hms(r.Time as string);
      return iso(y, mo - 1, d, h, mi, s, ms);
    },
    first: {
      '@timestamp': '2017-05-16T00:00:00.008Z',
      'log.level': 'info',
      'log.logger': 'nova.osapi_compute.wsgi.server',
      'log.file.name': 'nova-api.log.1.2017-05-16_13:53:08',
      'process.pid': 25746,
    },
    check: (doc, row) => {
      levelCheck(doc, row);
      expect(getField(doc, 'log.file.name')).toBe(row.Logrecord);
      expect(getField(doc, 'log.logger')).toBe(row.Component);
      expect((doc.message as string).endsWith(row.Content as string)).toBe(true);
    },
  },
  Proxifier: {
    timestamp: (r) => {
      const [md, t] = (r.Time as string).split(' ') as [string, string];
      const [mo, d] = md.split('.').map(Number) as [number, number];
      const [h, mi, s] = hms(t);
      return inferred(mo - 1, d, h, mi, s);
    },
    first: {
      '@timestamp': '2026-10-30T16:49:06.000Z',
      tags: ['_timestamp_year_inferred'],
      message: 'chrome.exe - proxy.cse.cuhk.edu.hk:5070 open through proxy proxy.cse.cuhk.edu.hk:5070 HTTPS',
    },
    check: (doc, row) => expect((doc.message as string).trimEnd()).toBe(`${row.Program} - ${row.Content}`),
  },
  Spark: {
    pipeline: 'java',
    timestamp: (r) => {
      const [y, mo, d] = (r.Date as string).split('/').map(Number) as [number, number, number];
      const [h, mi, s] = hms(r.Time as string);
      return iso(2000 + y, mo - 1, d, h, mi, s);
    },
    first: {
      '@timestamp': '2017-06-09T20:10:40.000Z',
      'log.level': 'info',
      'log.logger': 'executor.CoarseGrainedExecutorBackend',
      message: 'Registered signal handlers for [TERM, HUP, INT]',
    },
    check: (doc, row) => {
      levelCheck(doc, row);
      contentCheck(doc, row);
      expect(getField(doc, 'log.logger')).toBe(row.Component);
    },
  },
  Zookeeper: {
    pipeline: 'java',
    timestamp: (r) => {
      const [y, mo, d] = (r.Date as string).split('-').map(Number) as [number, number, number];
      const [h, mi, s, ms] = hms(r.Time as string);
      return iso(y, mo - 1, d, h, mi, s, ms);
    },
    first: {
      '@timestamp': '2015-07-29T17:41:44.747Z',
      'log.level': 'info',
      'process.thread.name': 'QuorumPeer[myid=1]/0:0:0:0:0:0:0:0:2181:FastLeaderElection@774',
      message: 'Notification time out: 3200',
    },
    check: (doc, row) => {
      levelCheck(doc, row);
      contentCheck(doc, row);
    },
  },
};

function readLines(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function readCsv(file: string): Row[] {
  const [header, ...rows] = readLines(file).map((l) => parseCsvRecord(l.replace(/\r$/, '')) ?? []);
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

const systems = !noCorpus
  ? readdirSync(corpus, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

describe.skipIf(noCorpus)('loghub corpora', () => {
  it('knows every system in the corpus folder', () => {
    expect(systems.filter((s) => SYSTEMS[s] === undefined)).toEqual([]);
  });

  for (const system of systems) {
    describe(system, () => {
      const dir = path.join(corpus, system);
      const files = readdirSync(dir);
      const logFiles = files.filter((f) => f.endsWith('.log'));
      const spec = SYSTEMS[system];

      it('every line of every file yields a document with a message (auto and the specific pipeline), no throw', () => {
        const pipelines = ['auto', ...(spec?.pipeline === undefined ? [] : [spec.pipeline])].map((n) => getPipeline(n));
        for (const file of files) {
          // The structured CSVs are lines too: feeding them through proves robustness on odd input.
          for (const line of readLines(path.join(dir, file))) {
            for (const p of pipelines) {
              const doc = p.parse(line, { receivedAt });
              expect(typeof doc.message).toBe('string');
              expect(typeof doc['@timestamp']).toBe('string');
            }
          }
        }
      });

      for (const file of logFiles) {
        const csvFile = path.join(dir, `${file}_structured.csv`);
        it(`${file}: @timestamp from the line for 100% of lines, matching the structured CSV`, () => {
          if (spec === undefined) return;
          const lines = readLines(path.join(dir, file));
          const rows = existsSync(csvFile) ? readCsv(csvFile) : [];
          expect(rows.length).toBe(lines.length);
          for (const name of ['auto', ...(spec.pipeline === undefined ? [] : [spec.pipeline])]) {
            const p = getPipeline(name);
            let fromLine = 0;
            lines.forEach((line, i) => {
              const doc = p.parse(line, { receivedAt });
              const row = rows[i] as Row;
              if (doc['@timestamp'] !== RECEIVED) fromLine++;
              expect(doc['@timestamp'], `${name} line ${i + 1}: ${line}`).toBe(spec.timestamp(row));
              if (name === 'auto' && spec.check !== undefined) spec.check(doc, row);
            });
            expect(fromLine / lines.length).toBe(1);
          }
        });

        it(`${file}: first line has exactly the expected fields`, () => {
          if (spec === undefined) return;
          const first = readLines(path.join(dir, file))[0] as string;
          const doc = getPipeline('auto').parse(first, { receivedAt });
          for (const [field, value] of Object.entries(spec.first)) expect(getField(doc, field), field).toEqual(value);
          expect(getField(doc, 'event.ingested')).toBe(RECEIVED);
          expect(getField(doc, 'event.original')).toBeUndefined();
          const kept = getPipeline('auto').parse(first, { receivedAt, keepOriginal: true, host: 'collector-1' });
          expect(getField(kept, 'event.original')).toBe(first);
          expect(getField(kept, 'host.name')).toBeDefined();
        });
      }
    });
  }

  it('ssh pipeline extracts outcomes, users and IPs from OpenSSH', () => {
    const p = getPipeline('ssh');
    const docs = readLines(path.join(corpus, 'OpenSSH/OpenSSH_2k.log')).map((l) => p.parse(l, { receivedAt }));
    const failures = docs.filter((d) => getField(d, 'event.outcome') === 'failure');
    const successes = docs.filter((d) => getField(d, 'event.outcome') === 'success');
    expect(failures.length).toBeGreaterThan(500);
    expect(successes.length).toBeGreaterThan(0);
    for (const d of successes) {
      expect(typeof getField(d, 'user.name')).toBe('string');
      if (getField(d, 'event.action') !== 'ssh_login') continue;
      expect(typeof getField(d, 'source.ip')).toBe('string');
    }
    const accepted = docs.find((d) => typeof d.message === 'string' && d.message.startsWith('Accepted password'));
    expect(accepted).toBeDefined();
    expect(
      docs
        .filter((d) => getField(d, 'event.action') === 'invalid_user')
        .every((d) => typeof getField(d, 'user.name') === 'string'),
    ).toBe(true);
  });
});
