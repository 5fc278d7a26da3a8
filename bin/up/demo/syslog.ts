/**
 * Hosts and network gear sending syslog to the shipper's syslog input over TCP (newline framed, as
 * rsyslog's omfwd sends it): RFC 3164 from the Linux hosts (`<PRI>Mmm dd hh:mm:ss HOST prog[pid]: msg`),
 * RFC 5424 from the switch and the firewall, with every severity from debug to critical.
 */
import { connect, type Socket } from 'node:net';
import { parseHostPort } from '@driftwood/core';
import { between, chance, ip, pick } from './random.ts';

interface Sender {
  host: string;
  format: '3164' | '5424';
  programs: Array<{ name: string; facility: number; messages: Array<() => string> }>;
}

const SENDERS: Sender[] = [
  {
    host: 'web-01',
    format: '3164',
    programs: [
      {
        name: 'sshd',
        facility: 4,
        messages: [
          () => `Accepted publickey for deploy from ${ip()} port ${Math.floor(between(30_000, 65_000))} ssh2`,
          () => `Failed password for invalid user admin from ${ip()} port ${Math.floor(between(30_000, 65_000))} ssh2`,
          () => `Connection closed by ${ip()} port ${Math.floor(between(30_000, 65_000))} [preauth]`,
        ],
      },
      {
        name: 'CRON',
        facility: 9,
        messages: [() => `(root) CMD (/usr/local/bin/backup.sh --incremental ${Math.floor(between(1, 30))})`],
      },
      {
        name: 'kernel',
        facility: 0,
        messages: [
          () =>
            `[UFW BLOCK] IN=eth0 OUT= SRC=${ip()} DST=10.0.0.5 PROTO=TCP SPT=${Math.floor(between(1024, 65_000))} DPT=22`,
          () => `Out of memory: Killed process ${Math.floor(between(1000, 40_000))} (node) total-vm:2048000kB`,
        ],
      },
    ],
  },
  {
    host: 'db-01',
    format: '3164',
    programs: [
      {
        name: 'postgres',
        facility: 16,
        messages: [
          () => `LOG:  checkpoint complete: wrote ${Math.floor(between(10, 9000))} buffers`,
          () => `ERROR:  duplicate key value violates unique constraint "orders_pkey"`,
          () =>
            `LOG:  duration: ${between(100, 9000).toFixed(3)} ms  statement: SELECT * FROM orders WHERE id = ${Math.floor(between(1, 99_999))}`,
        ],
      },
      {
        name: 'systemd',
        facility: 3,
        messages: [() => 'Started Daily apt upgrade and clean activities.', () => 'Reloading PostgreSQL RDBMS.'],
      },
    ],
  },
  {
    host: 'core-switch',
    format: '5424',
    programs: [
      {
        name: 'ifmgr',
        facility: 23,
        messages: [
          () => `Interface ge-0/0/${Math.floor(between(0, 48))} changed state to ${pick(['up', 'down'])}`,
          () => `LLDP neighbor ${pick(['web-01', 'db-01', 'fw-edge'])} seen on ge-0/0/${Math.floor(between(0, 48))}`,
        ],
      },
    ],
  },
  {
    host: 'fw-edge',
    format: '5424',
    programs: [
      {
        name: 'filterlog',
        facility: 16,
        messages: [
          () => `block in on igb0 from ${ip()} to 10.0.0.1 port ${pick([22, 23, 445, 3389])}`,
          () => `pass out on igb1 from 10.0.0.${Math.floor(between(2, 254))} to ${ip()} port 443`,
        ],
      },
    ],
  },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Mostly info and notice, some warnings and errors, now and then critical or debug. */
function severity(): number {
  const r = Math.random();
  return r < 0.45 ? 6 : r < 0.65 ? 5 : r < 0.8 ? 4 : r < 0.92 ? 3 : r < 0.95 ? 2 : 7;
}

/** One syslog line (no trailing LF) as the sender would write it at `ms`. */
export function syslogLine(ms: number): string {
  const sender = pick(SENDERS);
  const program = pick(sender.programs);
  const pri = program.facility * 8 + severity();
  const message = pick(program.messages)();
  const pid = Math.floor(between(100, 32_000));
  const d = new Date(ms);
  if (sender.format === '5424') {
    return `<${pri}>1 ${d.toISOString()} ${sender.host} ${program.name} ${pid} - - ${message}`;
  }
  // RFC 3164 stamps are the sender's local time without a zone; the demo's hosts run on UTC
  const stamp = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const tag = program.name === 'kernel' ? 'kernel' : `${program.name}[${pid}]`;
  return `<${pri}>${stamp} ${sender.host} ${tag}: ${message}`;
}

export class SyslogDemo {
  private socket?: Socket;
  private readonly host: string;
  private readonly port: number;

  /** `listen`: the shipper's syslog input, `host:port` (its TCP side). */
  constructor(listen: string) {
    const { host, port } = parseHostPort(listen);
    // a source on all interfaces is reached on loopback
    this.host = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
    this.port = port;
  }

  async connect(): Promise<void> {
    this.socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: this.host, port: this.port }, () => resolve(s));
      s.once('error', reject);
    });
    this.socket.on('error', () => undefined);
  }

  private async send(text: string): Promise<void> {
    const s = this.socket;
    if (!s || s.destroyed || text === '') return;
    if (!s.write(text)) await new Promise<void>((resolve) => s.once('drain', () => resolve()));
  }

  /** 24 hours of history, oldest first: a message every ~40 s. */
  async backfill(nowMs: number): Promise<number> {
    let n = 0;
    let text = '';
    for (let t = nowMs - 24 * 3_600_000; t < nowMs - 60_000; t += between(20_000, 60_000)) {
      text += `${syslogLine(t)}\n`;
      n++;
      if (text.length > 64 * 1024) {
        await this.send(text);
        text = '';
      }
    }
    await this.send(text);
    return n;
  }

  /** Live traffic: now and then a message, a few at once. */
  async tick(nowMs: number): Promise<number> {
    if (!chance(0.5)) return 0;
    const n = Math.floor(between(1, 4));
    let text = '';
    for (let i = 0; i < n; i++) text += `${syslogLine(nowMs)}\n`;
    await this.send(text);
    return n;
  }

  async close(): Promise<void> {
    const s = this.socket;
    if (!s) return;
    await new Promise<void>((resolve) => {
      s.end(() => resolve());
      setTimeout(resolve, 2000).unref();
    });
    s.destroy();
  }
}
