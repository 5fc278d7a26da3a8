/**
 * SMTP for email actions, through nodemailer: the server settings (zod), `smtp://` URLs, and a
 * `Mailer` that sends one message and says whether a failure is worth retrying. nodemailer does
 * the protocol (EHLO, STARTTLS, AUTH PLAIN / LOGIN / CRAM-MD5 / XOAUTH2, dot-stuffing) and the
 * MIME; with `pool` it keeps connections open between messages (close the Mailer when done).
 */
import net from 'node:net';
import { isDriftwoodError } from '@driftwood/core';
import nodemailer, { type NodemailerError, type SendMailOptions } from 'nodemailer';
import { z } from 'zod';
import type { Connections } from '../config.ts';
import { EgressPolicy } from './egress.ts';

export const smtpConfigSchema = z.strictObject({
  host: z.string().min(1).describe('SMTP server host'),
  port: z.int().min(1).max(65535).optional().describe('Default 465 with `secure`, else 587 when user is set, else 25'),
  secure: z.boolean().default(false).describe('TLS from the first byte (port 465)'),
  starttls: z
    .enum(['auto', 'require', 'never'])
    .default('auto')
    .describe('Upgrade a plain connection with STARTTLS: when offered (auto), always (require), or never'),
  user: z.string().optional().describe('AUTH user (sent only over TLS unless allowInsecureAuth)'),
  pass: z.string().optional().describe('AUTH password (never logged)'),
  accessToken: z
    .string()
    .optional()
    .describe('OAuth 2.0 access token: authenticate `user` with XOAUTH2 instead of a password (never logged)'),
  allowInsecureAuth: z.boolean().default(false).describe('Allow AUTH over an unencrypted connection'),
  from: z.string().default('driftwood@localhost').describe('Envelope sender and From header'),
  heloName: z.string().default('driftwood.local').describe('Name sent with EHLO'),
  timeoutMs: z.int().min(100).default(15_000).describe('Per step'),
  pool: z.boolean().default(false).describe('Keep connections open and reuse them for the next messages'),
  maxConnections: z.int().min(1).max(100).default(2).describe('With `pool`: connections open at the same time'),
});

export type SmtpConfig = z.infer<typeof smtpConfigSchema>;

/**
 * `smtp://user:pass@host:port` or `smtps://…` (implicit TLS), e.g. from DRIFTWOOD_SMTP_URL;
 * `?from=`, `?starttls=auto|require|never`, `?pool=true` and `?max_connections=` are read too.
 */
export function smtpConfigFromUrl(text: string): SmtpConfig {
  const url = new URL(text);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`not an smtp:// URL: ${url.protocol}`);
  const q = url.searchParams;
  return smtpConfigSchema.parse({
    host: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    secure: url.protocol === 'smtps:',
    user: url.username ? decodeURIComponent(url.username) : undefined,
    pass: url.password ? decodeURIComponent(url.password) : undefined,
    from: q.get('from') ?? undefined,
    starttls: (q.get('starttls') as SmtpConfig['starttls'] | null) ?? undefined,
    pool: q.has('pool') ? q.get('pool') !== 'false' : undefined,
    maxConnections: q.has('max_connections') ? Number(q.get('max_connections')) : undefined,
  });
}

export class SmtpError extends Error {
  /** The SMTP reply code, or 0 when there was none (a connection or TLS problem, a refusal of ours). */
  readonly code: number;
  /** 4xx replies and connection problems are worth retrying; 5xx and bad credentials are not. */
  readonly retryable: boolean;
  constructor(message: string, code: number, retryable = code === 0 || (code >= 400 && code < 500)) {
    super(message);
    this.name = 'SmtpError';
    this.code = code;
    this.retryable = retryable;
  }
}

/** nodemailer error codes that say the same message would fail again (a fix of the config or address is needed). */
const PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'EENVELOPE', 'EMESSAGE', 'ECONFIG', 'EMAXRECIPIENTS']);

/** A nodemailer failure as an SmtpError (the message names no credential). */
export function toSmtpError(error: unknown): SmtpError {
  if (error instanceof SmtpError) return error;
  const e = error as NodemailerError;
  const code = typeof e.responseCode === 'number' ? e.responseCode : 0;
  const retryable =
    e.permanent !== undefined ? !e.permanent : code > 0 ? code < 500 : !PERMANENT_CODES.has(String(e.code ?? ''));
  const step = e.command ? `SMTP ${e.command.split(' ').slice(0, 2).join(' ')}: ` : 'SMTP: ';
  return new SmtpError(`${step}${e.message}`, code, retryable);
}

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  /** `<id@domain>`: the same for every re-send of one notification. */
  messageId: string;
  headers?: Record<string, string>;
  date?: Date;
}

/**
 * Sends mail through one SMTP server (a pool of connections with `pool`). The server's name is
 * resolved and checked by the egress policy before every message, and the connection goes to the
 * checked address with the name kept for TLS (SNI and certificate check); TLS is always verified,
 * against the system roots plus `tls.ca_file`.
 */
export class Mailer {
  readonly config: SmtpConfig;
  private readonly connections: Connections;
  private transport?: ReturnType<typeof nodemailer.createTransport>;
  /** The address the transport connects to. */
  private address?: string;

  constructor(config: SmtpConfig, connections: Connections = { egress: new EgressPolicy() }) {
    this.config = config;
    this.connections = connections;
  }

  /** The transport for the checked address (a new one when the name now resolves elsewhere). */
  private transportFor(address: string): ReturnType<typeof nodemailer.createTransport> {
    if (this.transport && this.address === address) return this.transport;
    this.transport?.close();
    const config = this.config;
    const hasAuth = config.user !== undefined;
    const name = net.isIP(config.host) ? undefined : config.host;
    const options = {
      host: address,
      port: config.port ?? (config.secure ? 465 : hasAuth ? 587 : 25),
      secure: config.secure,
      // credentials only ever go over TLS unless allowInsecureAuth: STARTTLS is then a must
      requireTLS: config.starttls === 'require' || (hasAuth && !config.secure && !config.allowInsecureAuth),
      ignoreTLS: config.starttls === 'never',
      name: config.heloName,
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      ...(name ? { servername: name } : {}),
      tls: {
        ...(name ? { servername: name } : {}),
        ...(this.connections.ca ? { ca: this.connections.ca } : {}),
      },
      auth: !hasAuth
        ? undefined
        : config.accessToken !== undefined
          ? { type: 'OAuth2', user: config.user, accessToken: config.accessToken }
          : { user: config.user, pass: config.pass ?? '' },
      logger: false,
      debug: false,
    };
    this.transport = config.pool
      ? nodemailer.createTransport({ ...options, pool: true, maxConnections: config.maxConnections })
      : nodemailer.createTransport(options);
    this.address = address;
    return this.transport;
  }

  /** Sends one message; resolves to the server's final reply, throws SmtpError. */
  async send(message: MailMessage): Promise<string> {
    const mail: SendMailOptions = {
      from: this.config.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      messageId: message.messageId,
      date: message.date ?? new Date(),
      headers: message.headers,
      envelope: { from: this.config.from, to: message.to },
    };
    const c = this.config;
    if (c.user !== undefined && !c.secure && c.starttls === 'never' && !c.allowInsecureAuth)
      throw new SmtpError(
        'refusing to send SMTP credentials over an unencrypted connection (starttls: never)',
        0,
        false,
      );
    let address: string;
    try {
      const [first] = await this.connections.egress.resolve(c.host);
      address = first?.address ?? c.host;
    } catch (error) {
      const forbidden = isDriftwoodError(error) && error.code === 'FORBIDDEN';
      throw new SmtpError(`SMTP ${c.host}: ${(error as Error).message}`, 0, !forbidden);
    }
    try {
      const info = await this.transportFor(address).sendMail(mail);
      return String((info as { response?: string }).response ?? '');
    } catch (error) {
      throw toSmtpError(error);
    }
  }

  /** Closes pooled connections (a no-op without `pool`). */
  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }
}
