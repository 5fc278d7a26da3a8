/**
 * A minimal SMTP client (RFC 5321) over node:net / node:tls: EHLO (HELO fallback), optional
 * STARTTLS, AUTH PLAIN, MAIL FROM, RCPT TO, DATA (dot-stuffed), QUIT. One connection per message.
 */
import net from 'node:net';
import tls from 'node:tls';
import { z } from 'zod';

export const smtpConfigSchema = z.strictObject({
  host: z.string().min(1).describe('SMTP server host'),
  port: z.int().min(1).max(65535).optional().describe('Default 465 with `secure`, else 587 when user is set, else 25'),
  secure: z.boolean().default(false).describe('TLS from the first byte (port 465)'),
  starttls: z
    .enum(['auto', 'require', 'never'])
    .default('auto')
    .describe('Upgrade a plain connection with STARTTLS: when offered (auto), always (require), or never'),
  user: z.string().optional().describe('AUTH PLAIN user (sent only over TLS unless allowInsecureAuth)'),
  pass: z.string().optional(),
  allowInsecureAuth: z.boolean().default(false).describe('Allow AUTH over an unencrypted connection'),
  from: z.string().default('driftwood@localhost').describe('Envelope sender and From header'),
  heloName: z.string().default('driftwood.local').describe('Name sent with EHLO'),
  timeoutMs: z.int().min(100).default(15_000).describe('Per step'),
  rejectUnauthorized: z.boolean().default(true).describe('Verify the server certificate'),
});

export type SmtpConfig = z.infer<typeof smtpConfigSchema>;

/** `smtp://user:pass@host:port` or `smtps://…` (implicit TLS), e.g. from DRIFTWOOD_SMTP_URL. */
export function smtpConfigFromUrl(text: string): SmtpConfig {
  const url = new URL(text);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`not an smtp:// URL: ${url.protocol}`);
  return smtpConfigSchema.parse({
    host: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    secure: url.protocol === 'smtps:',
    user: url.username ? decodeURIComponent(url.username) : undefined,
    pass: url.password ? decodeURIComponent(url.password) : undefined,
    from: url.searchParams.get('from') ?? undefined,
    starttls: (url.searchParams.get('starttls') as SmtpConfig['starttls'] | null) ?? undefined,
  });
}

export class SmtpError extends Error {
  /** The reply code, or 0 for a connection problem. */
  readonly code: number;
  /** 4xx replies and connection problems are worth retrying; 5xx are not. */
  readonly retryable: boolean;
  constructor(message: string, code: number) {
    super(message);
    this.name = 'SmtpError';
    this.code = code;
    this.retryable = code === 0 || (code >= 400 && code < 500);
  }
}

interface Reply {
  code: number;
  lines: string[];
}

/** Reads SMTP replies (multi-line `250-…` … `250 …`) from a socket. */
class ReplyReader {
  private buffer = '';
  private lines: string[] = [];
  private readonly replies: Reply[] = [];
  private waiter?: { resolve: (r: Reply) => void; reject: (e: Error) => void };
  private failure?: Error;

  private readonly socket: net.Socket;

  constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', this.onData);
    socket.on('error', (error) => this.fail(new SmtpError(`SMTP connection error: ${error.message}`, 0)));
    socket.on('close', () => this.fail(new SmtpError('SMTP connection closed', 0)));
  }

  private readonly onData = (chunk: string): void => {
    this.buffer += chunk;
    let index = this.buffer.indexOf('\n');
    while (index >= 0) {
      const line = this.buffer.slice(0, index).replace(/\r$/, '');
      this.buffer = this.buffer.slice(index + 1);
      this.lines.push(line);
      if (!/^\d{3}-/.test(line)) {
        const code = Number(line.slice(0, 3));
        this.replies.push({ code: Number.isFinite(code) ? code : 0, lines: this.lines.map((l) => l.slice(4)) });
        this.lines = [];
      }
      index = this.buffer.indexOf('\n');
    }
    this.flush();
  };

  private flush(): void {
    if (!this.waiter) return;
    const reply = this.replies.shift();
    if (reply) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve(reply);
    } else if (this.failure) {
      const w = this.waiter;
      this.waiter = undefined;
      w.reject(this.failure);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.flush();
  }

  /** Stops reading (before a STARTTLS upgrade). */
  detach(): void {
    this.socket.off('data', this.onData);
    this.socket.removeAllListeners('close');
    this.socket.removeAllListeners('error');
  }

  next(timeoutMs: number): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new SmtpError(`SMTP server did not answer within ${timeoutMs} ms`, 0));
      }, timeoutMs);
      this.waiter = {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.flush();
    });
  }
}

export interface MailEnvelope {
  from: string;
  to: string[];
  /** The whole message: headers, blank line, body. Line ends are normalised to CRLF. */
  data: string;
}

/** Sends one message; resolves to the server's final reply text, throws SmtpError. */
export async function sendMail(config: SmtpConfig, mail: MailEnvelope): Promise<string> {
  const port = config.port ?? (config.secure ? 465 : config.user ? 587 : 25);
  let socket = await connect(config, port);
  let reader = new ReplyReader(socket);
  const command = async (line: string | undefined, expect: number[]): Promise<Reply> => {
    if (line !== undefined) socket.write(`${line}\r\n`);
    const reply = await reader.next(config.timeoutMs);
    if (!expect.includes(reply.code)) {
      const shown = line?.startsWith('AUTH') ? 'AUTH PLAIN ***' : (line ?? 'greeting');
      throw new SmtpError(`SMTP ${shown}: ${reply.code} ${reply.lines.join(' ')}`, reply.code);
    }
    return reply;
  };
  try {
    await command(undefined, [220]);
    let ehlo = await ehloOrHelo(command, config.heloName);
    let encrypted = config.secure;
    const offersTls = ehlo.some((l) => /^STARTTLS\b/i.test(l));
    if (!encrypted && config.starttls !== 'never' && (offersTls || config.starttls === 'require')) {
      await command('STARTTLS', [220]);
      reader.detach();
      socket = await upgrade(socket, config);
      reader = new ReplyReader(socket);
      encrypted = true;
      ehlo = await ehloOrHelo(command, config.heloName);
    }
    if (config.user !== undefined) {
      if (!encrypted && !config.allowInsecureAuth)
        throw new SmtpError('refusing to send SMTP credentials over an unencrypted connection', 530);
      const token = Buffer.from(`\0${config.user}\0${config.pass ?? ''}`).toString('base64');
      await command(`AUTH PLAIN ${token}`, [235]);
    }
    await command(`MAIL FROM:<${mail.from}>`, [250]);
    for (const rcpt of mail.to) await command(`RCPT TO:<${rcpt}>`, [250, 251]);
    await command('DATA', [354]);
    socket.write(`${dotStuff(mail.data)}\r\n.\r\n`);
    const done = await command(undefined, [250]);
    await command('QUIT', [221]).catch(() => undefined);
    return done.lines.join(' ');
  } finally {
    socket.destroy();
  }
}

async function ehloOrHelo(
  command: (line: string, expect: number[]) => Promise<Reply>,
  name: string,
): Promise<string[]> {
  try {
    return (await command(`EHLO ${name}`, [250])).lines;
  } catch (error) {
    if (error instanceof SmtpError && error.code >= 500) return (await command(`HELO ${name}`, [250])).lines;
    throw error;
  }
}

function connect(config: SmtpConfig, port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) =>
      reject(new SmtpError(`cannot connect to ${config.host}:${port}: ${error.message}`, 0));
    const socket = config.secure
      ? tls.connect({
          host: config.host,
          port,
          servername: sni(config.host),
          rejectUnauthorized: config.rejectUnauthorized,
        })
      : net.connect({ host: config.host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SmtpError(`connecting to ${config.host}:${port} timed out`, 0));
    }, config.timeoutMs);
    socket.once('error', (e) => {
      clearTimeout(timer);
      onError(e);
    });
    socket.once(config.secure ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

function upgrade(socket: net.Socket, config: SmtpConfig): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({ socket, servername: sni(config.host), rejectUnauthorized: config.rejectUnauthorized });
    secure.once('secureConnect', () => {
      secure.removeAllListeners('error');
      resolve(secure);
    });
    secure.once('error', (e) => reject(new SmtpError(`STARTTLS failed: ${e.message}`, 0)));
  });
}

function sni(host: string): string | undefined {
  return net.isIP(host) ? undefined : host;
}

/** CRLF line ends, and a leading `.` doubled (RFC 5321 4.5.2). */
export function dotStuff(data: string): string {
  return data
    .replace(/\r?\n/g, '\r\n')
    .split('\r\n')
    .map((line) => (line.startsWith('.') ? `.${line}` : line))
    .join('\r\n');
}
