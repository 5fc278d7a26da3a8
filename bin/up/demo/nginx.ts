/**
 * An nginx front end: access and error logs written to files the shipper tails, with realistic
 * paths, agents, addresses, latencies and bursts of 4xx/5xx. Traffic comes from a fixed population
 * of clients, each keeping its address and browser, and a few of them (a crawler, an office NAT, a
 * monitoring probe) send much of it, so "top client IPs" and "browsers" look like a real site's.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import { between, chance, ip, pick, skewed } from './random.ts';

const PATHS = [
  '/',
  '/products',
  '/products/42',
  '/products/1337/reviews',
  '/cart',
  '/checkout',
  '/api/v1/orders',
  '/api/v1/devices/watch-7/telemetry',
  '/login',
  '/static/app.3f9a.js',
  '/static/style.css',
  '/favicon.ico',
  '/search?q=drone+battery',
];
/** Browsers people use, most common first (a client picks one, skewed towards the top). */
const BROWSERS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0',
  'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
];
/** Who sends requests: an address and the browser (or tool) it always uses. */
interface Client {
  ip: string;
  agent: string;
}
/** The heavy hitters: a crawler, an office behind one NAT address, a monitoring probe, a script. */
const HEAVY: ReadonlyArray<Client & { share: number }> = [
  { ip: '66.249.66.1', agent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', share: 0.07 },
  { ip: '81.2.69.160', agent: BROWSERS[0] as string, share: 0.05 },
  { ip: '10.0.0.5', agent: 'curl/8.8.0', share: 0.04 },
  { ip: '185.220.101.4', agent: 'python-requests/2.32.3', share: 0.02 },
];
/** The rest of the clients: each with its own address and browser. */
const PEOPLE = 600;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

function httpDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

function errorDate(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19).replaceAll('-', '/');
}

export class NginxDemo {
  readonly dir: string;
  private readonly access: string;
  private readonly error: string;
  private burstUntil = 0;
  private readonly people: readonly Client[] = Array.from({ length: PEOPLE }, () => ({
    ip: ip(),
    agent: BROWSERS[skewed(BROWSERS.length, 2)] as string,
  }));

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'demo', 'nginx');
    mkdirSync(this.dir, { recursive: true });
    this.access = path.join(this.dir, 'access.log');
    this.error = path.join(this.dir, 'error.log');
  }

  /** Globs for the shipper. */
  get paths(): string[] {
    return [path.join(this.dir, '*.log')];
  }

  /** Who sends the next request: a heavy hitter by its share, else someone of the crowd (skewed). */
  private client(): Client {
    let u = Math.random();
    for (const heavy of HEAVY) {
      if (u < heavy.share) return heavy;
      u -= heavy.share;
    }
    return this.people[skewed(this.people.length, 2)] as Client;
  }

  private accessLine(ms: number): string {
    const bursting = ms < this.burstUntil;
    const status =
      bursting && chance(0.6)
        ? pick([500, 502, 503, 504])
        : chance(0.06)
          ? pick([301, 304, 400, 401, 403, 404, 404, 429])
          : 200;
    const bytes = status >= 500 ? Math.floor(between(150, 600)) : Math.floor(between(300, 60_000));
    const method = chance(0.8) ? 'GET' : pick(['POST', 'PUT', 'DELETE']);
    const latency = (bursting ? between(0.8, 6) : between(0.002, 0.4)).toFixed(3);
    const client = this.client();
    const page = PATHS[skewed(PATHS.length, 2)] as string;
    return `${client.ip} - - [${httpDate(ms)}] "${method} ${page} HTTP/1.1" ${status} ${bytes} "-" "${client.agent}" ${latency}\n`;
  }

  private errorLine(ms: number): string {
    const message = pick([
      'upstream timed out (110: Connection timed out) while reading response header from upstream',
      'connect() failed (111: Connection refused) while connecting to upstream',
      'open() "/usr/share/nginx/html/favicon.ico" failed (2: No such file or directory)',
      'upstream prematurely closed connection while reading response header from upstream',
    ]);
    const level = message.startsWith('open()') ? 'error' : pick(['error', 'warn']);
    return `${errorDate(ms)} [${level}] 1234#1234: *${Math.floor(between(1, 99_999))} ${message}, client: ${this.client().ip}, server: shop.example, request: "GET ${pick(PATHS)} HTTP/1.1", upstream: "http://10.0.0.12:8080/"\n`;
  }

  /** 24 hours of history, oldest first: one access line every ~5 s. */
  backfill(nowMs: number): number {
    let lines = 0;
    let access = '';
    let errors = '';
    for (let t = nowMs - 24 * 3_600_000; t < nowMs - 60_000; t += between(2_000, 8_000)) {
      if (chance(0.002)) this.burstUntil = t + between(60_000, 300_000);
      access += this.accessLine(t);
      if (t < this.burstUntil && chance(0.3)) errors += this.errorLine(t);
      lines++;
    }
    appendFileSync(this.access, access);
    appendFileSync(this.error, errors);
    return lines;
  }

  /** Live traffic: a few lines per tick, bursts of 5xx now and then. */
  tick(nowMs: number): void {
    if (chance(0.01)) this.burstUntil = nowMs + between(20_000, 90_000);
    let access = '';
    const n = Math.floor(between(2, 12));
    for (let i = 0; i < n; i++) access += this.accessLine(nowMs);
    appendFileSync(this.access, access);
    if (nowMs < this.burstUntil && chance(0.4)) appendFileSync(this.error, this.errorLine(nowMs));
    this.rotateIfLarge();
  }

  /** Rename + create past 20 MB, like logrotate; the shipper reads the renamed file to its end. */
  private rotateIfLarge(): void {
    if (existsSync(this.access) && statSync(this.access).size > 20 * 2 ** 20) {
      renameSync(this.access, `${this.access}.${Date.now()}`);
    }
  }
}
