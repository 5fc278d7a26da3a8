/**
 * Parsing throughput, lines/s on one core: raw lines → ECS documents through the built-in
 * pipelines (nginx combined, syslog, JSON from structured loggers, and `auto` on a mix).
 * A plain `performance.now()` loop over varied generated lines after a warm-up; prints a table
 * and rewrites the section between `<!-- parse:start -->` and `<!-- parse:end -->` in
 * bench/RESULTS.md. Target: ≥ 200,000 lines/s per core for nginx.
 *
 *   node bench/parse.bench.ts [--seconds 2]
 */
import { parseArgs } from 'node:util';
import { getPipeline } from '../indexer/src/parse/index.ts';
import { machineLine, writeSection } from './results.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' } } });
const SECONDS = Math.max(0.2, Number(values.seconds));
const N = 20_000;

const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'HEAD'];
const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',
  'curl/8.4.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  'Go-http-client/1.1',
];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function nginxLines(): string[] {
  const base = Date.parse('2026-11-25T00:00:00Z');
  return Array.from({ length: N }, (_, i) => {
    const t = new Date(base + i * 137);
    const stamp = `${pad(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${t.toISOString().slice(11, 19)} +0000`;
    const status = [200, 200, 200, 304, 404, 500, 301][i % 7];
    return `10.${i % 256}.${(i >> 8) % 256}.${(i * 7) % 256} - ${i % 9 === 0 ? 'alice' : '-'} [${stamp}] "${METHODS[i % METHODS.length]} /api/v1/items/${i}?page=${i % 10}&sort=desc HTTP/1.1" ${status} ${(i * 31) % 50_000} "https://example.com/p/${i % 100}" "${AGENTS[i % AGENTS.length]}"`;
  });
}

function syslogLines(): string[] {
  const progs = ['sshd', 'CRON', 'kernel', 'systemd', 'postfix/smtpd', 'nginx'];
  return Array.from({ length: N }, (_, i) => {
    const prog = progs[i % progs.length];
    const time = `${pad(i % 24)}:${pad(i % 60)}:${pad((i * 7) % 60)}`;
    if (i % 2 === 0)
      return `<${(i % 23) * 8 + (i % 8)}>${MONTHS[i % 12]} ${String((i % 28) + 1).padStart(2, ' ')} ${time} host-${i % 50} ${prog}[${1000 + i}]: Accepted publickey for user${i % 30} from 192.168.${i % 256}.${(i * 3) % 256} port ${40000 + (i % 20000)} ssh2`;
    return `<${(i % 23) * 8 + 6}>1 2026-11-25T${time}.${pad(i % 1000, 3)}Z host-${i % 50} ${prog} ${1000 + i} ID${i % 10} - session opened for user root by (uid=0) request ${i}`;
  });
}

function jsonLines(): string[] {
  const base = Date.parse('2026-11-25T00:00:00Z');
  const levels = ['info', 'warn', 'error', 'debug', 30, 40, 50];
  return Array.from({ length: N }, (_, i) =>
    JSON.stringify(
      i % 2 === 0
        ? {
            level: levels[i % levels.length],
            time: base + i * 11,
            pid: 4000 + (i % 8),
            hostname: `api-${i % 5}`,
            name: 'checkout',
            msg: `request completed in ${i % 900} ms`,
            req: { id: `r-${i}`, method: METHODS[i % METHODS.length], url: `/cart/${i}` },
            res: { statusCode: [200, 404, 500][i % 3] },
          }
        : {
            '@timestamp': new Date(base + i * 11).toISOString(),
            'log.level': levels[i % 4],
            message: `user ${i % 300} updated profile field ${i % 12}`,
            'service.name': 'profile',
            'trace.id': `t${i.toString(16)}`,
            user: { id: i % 300 },
          },
    ),
  );
}

function bench(name: string, pipeline: string, lines: string[]): { name: string; rate: number; ns: number } {
  const p = getPipeline(pipeline);
  const receivedAt = new Date('2026-11-25T12:00:00Z');
  let sink = 0;
  for (let w = 0; w < 3; w++) for (const l of lines) sink += Object.keys(p.parse(l, { receivedAt })).length;
  let count = 0;
  const start = performance.now();
  const stop = start + SECONDS * 1000;
  while (performance.now() < stop) {
    for (let i = 0; i < lines.length; i++) sink += Object.keys(p.parse(lines[i] as string, { receivedAt })).length;
    count += lines.length;
  }
  const elapsed = (performance.now() - start) / 1000;
  if (sink === 42) console.log('');
  const rate = count / elapsed;
  return { name, rate, ns: 1e9 / rate };
}

const nginx = nginxLines();
const syslog = syslogLines();
const json = jsonLines();
const mixed = nginx.slice(0, N / 3).concat(syslog.slice(0, N / 3), json.slice(0, N / 3));
const results = [
  bench('nginx combined → ECS', 'nginx', nginx),
  bench('syslog (3164 + 5424) → ECS', 'syslog', syslog),
  bench('JSON (pino / ECS loggers) → ECS', 'json', json),
  bench('auto on a mix of the three', 'auto', mixed),
];

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const rows = results.map((r) => `| ${r.name} | ${fmt(r.rate)} | ${(r.ns / 1000).toFixed(2)} |`);
const table = ['| pipeline | lines/s (1 core) | µs/line |', '|---|---:|---:|', ...rows].join('\n');
console.log(table);
const nginxRate = results[0]?.rate ?? 0;
const verdict = nginxRate >= 200_000 ? 'met' : 'not met';
console.log(`nginx target 200,000 lines/s per core: ${verdict} (${fmt(nginxRate)})`);

writeSection(
  'parse',
  [
    '## Parsing: raw lines → ECS, one core (`bench/parse.bench.ts`)',
    '',
    `${machineLine()}. ${N.toLocaleString('en-US')} distinct generated lines per pipeline, parsed in a loop for ${SECONDS} s after a warm-up (\`getPipeline(name).parse(line)\`, documents complete with \`event.ingested\`). Target ≥ 200,000 lines/s per core for nginx: ${verdict}.`,
    '',
    table,
  ].join('\n'),
);
console.log('updated bench/RESULTS.md');
