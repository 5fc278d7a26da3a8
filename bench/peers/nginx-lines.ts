/**
 * Realistic nginx `combined` access-log lines for the shipper benchmark, deterministic (seeded):
 * a pool of client addresses, a site's URL space with query strings, a status mix, referers and
 * real user agents (browsers, phones, bots, tools). About 150 bytes a line on average, like the
 * 73 MiB / 500,000 lines the peers were measured with.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const AGENTS: Array<[string, number]> = [
  [
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    12,
  ],
  ['Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 8],
  [
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    6,
  ],
  [
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
    6,
  ],
  ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 6],
  ['Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', 3],
  ['curl/8.5.0', 14],
  ['kube-probe/1.31', 20],
  ['Go-http-client/1.1', 12],
  ['python-requests/2.32.3', 6],
  ['okhttp/4.12.0', 5],
  ['-', 6],
];
const PATHS: Array<[string, number]> = [
  ['/', 6],
  ['/healthz', 14],
  ['/api/v1/orders', 8],
  ['/api/v1/orders/{n}', 8],
  ['/api/v1/cart', 6],
  ['/api/v2/devices/{h}/telemetry', 8],
  ['/api/v1/search?q={w}&page={p}', 6],
  ['/static/js/app.{h}.js', 6],
  ['/static/css/main.{h}.css', 4],
  ['/images/products/{n}.webp', 8],
  ['/login', 3],
  ['/favicon.ico', 3],
  ['/wp-login.php', 1],
  ['/metrics', 4],
];
const METHODS: Array<[string, number]> = [
  ['GET', 80],
  ['POST', 12],
  ['PUT', 3],
  ['DELETE', 2],
  ['HEAD', 3],
];
const STATUSES: Array<[number, number]> = [
  [200, 74],
  [201, 3],
  [204, 2],
  [301, 2],
  [304, 7],
  [400, 2],
  [401, 2],
  [403, 1],
  [404, 5],
  [429, 1],
  [499, 1],
  [500, 1],
  [502, 1],
  [503, 1],
];
const REFERERS: Array<[string, number]> = [
  ['-', 75],
  ['https://shop.example.com/', 15],
  ['https://shop.example.com/cart', 10],
  ['https://www.google.com/', 12],
  ['https://shop.example.com/search?q=boots', 8],
];
const WORDS = ['boots', 'jacket', 'sensor', 'battery', 'drone', 'watch', 'charger', 'tent', 'lamp', 'kettle'];

function weighted<T>(list: Array<[T, number]>): T[] {
  return list.flatMap(([v, w]) => Array.from({ length: w }, () => v));
}

/** Writes `count` lines to `file`; returns the byte size. */
export function writeNginxLines(file: string, count: number, seed = 7): number {
  let s = seed;
  const rand = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s / 0x80000000;
  };
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  const agents = weighted(AGENTS);
  const paths = weighted(PATHS);
  const methods = weighted(METHODS);
  const statuses = weighted(STATUSES);
  const referers = weighted(REFERERS);
  const clients = Array.from(
    { length: 2000 },
    () =>
      `${[10, 172, 192, 81, 93, 203, 66][Math.floor(rand() * 7)]}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`,
  );
  const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));
  const start = Date.parse('2026-11-24T00:00:00Z');
  const step = (24 * 3_600_000) / Math.max(1, count);
  const fd = openSync(file, 'w');
  let bytes = 0;
  try {
    let chunk: string[] = [];
    for (let i = 0; i < count; i++) {
      const t = new Date(start + Math.floor(i * step));
      const stamp = `${pad(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} +0000`;
      const url = pick(paths)
        .replace('{n}', String(Math.floor(rand() * 100_000)))
        .replace('{h}', Math.floor(rand() * 0xffffffff).toString(16))
        .replace('{w}', pick(WORDS))
        .replace('{p}', String(1 + Math.floor(rand() * 9)));
      const status = pick(statuses);
      const size = status === 304 || status === 204 ? 0 : Math.floor(rand() * rand() * 60_000);
      const user = rand() < 0.05 ? `user${Math.floor(rand() * 500)}` : '-';
      chunk.push(
        `${pick(clients)} - ${user} [${stamp}] "${pick(methods)} ${url} HTTP/${rand() < 0.3 ? '2.0' : '1.1'}" ${status} ${size} "${pick(referers)}" "${pick(agents)}"\n`,
      );
      if (chunk.length === 10_000 || i === count - 1) {
        const buf = Buffer.from(chunk.join(''), 'utf8');
        writeSync(fd, buf);
        bytes += buf.length;
        chunk = [];
      }
    }
  } finally {
    closeSync(fd);
  }
  return bytes;
}
