/** What every notification channel (webhook, slack, email) implements. */
import http from 'node:http';
import https from 'node:https';
import type { Action, NotificationContent } from '@driftwood/core';
import { isDriftwoodError, redactUrl } from '@driftwood/core';
import type { Connections } from '../config.ts';
import { EgressPolicy, pinnedLookup } from './egress.ts';
import type { Mailer } from './smtp.ts';

export interface SendResult {
  ok: boolean;
  /** Worth another attempt (network error, timeout, 429, 5xx, SMTP 4xx). */
  retryable: boolean;
  error?: string;
}

export interface Delivery {
  /** The notification id: Idempotency-Key for webhooks, Message-ID for email. */
  id: string;
  content: NotificationContent;
  action: Action;
}

export interface ChannelOptions {
  /** Sends email actions (one per SMTP server; the evaluator makes it from its `smtp`). */
  mailer?: Mailer;
  /** Per HTTP request, ms (default 10 s). */
  timeoutMs?: number;
  /**
   * The egress policy and CAs of HTTP actions (see config.ts). Default: the policy with an
   * empty allow-list (no loopback, private, link-local or metadata address) and the system roots.
   */
  connections?: Connections;
}

export type Send = (delivery: Delivery, options: ChannelOptions) => Promise<SendResult>;

/** The policy with an empty allow-list: what a channel connects with when given none. */
const DEFAULT_CONNECTIONS: Connections = Object.freeze({ egress: new EgressPolicy() });
const connectionsOf = (options: ChannelOptions): Connections => options.connections ?? DEFAULT_CONNECTIONS;

/** The status line of an answer, bounded and printable (the body is never kept). */
function statusLine(res: http.IncomingMessage): string {
  const reason = (res.statusMessage ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 100);
  return `HTTP ${res.statusCode ?? 0}${reason ? ` ${reason}` : ''}`;
}

/** Headers a request makes itself; an action's own value for them is dropped. */
const OWN_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
const userHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !OWN_HEADERS.has(name.toLowerCase())));

/**
 * POSTs JSON with an Idempotency-Key, through the egress policy: the host is resolved and
 * checked once and the request connects to the checked address (Host and TLS server name stay
 * the URL's). 2xx is success; redirects are not followed (a 3xx fails the delivery); 408/429/5xx
 * and network errors are retryable. Of a failed answer only its status line is kept.
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  options: ChannelOptions | number = {},
): Promise<SendResult> {
  const o: ChannelOptions = typeof options === 'number' ? { timeoutMs: options } : options;
  const shown = redactUrl(url);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, retryable: false, error: `not a URL: ${shown}` };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    return { ok: false, retryable: false, error: `not an http(s) URL: ${shown}` };
  const connections = connectionsOf(o);
  let addresses: Awaited<ReturnType<EgressPolicy['resolve']>>;
  try {
    addresses = await connections.egress.resolve(target.hostname);
  } catch (error) {
    const forbidden = isDriftwoodError(error) && error.code === 'FORBIDDEN';
    return { ok: false, retryable: !forbidden, error: `POST ${shown}: ${(error as Error).message}` };
  }
  const payload = Buffer.from(JSON.stringify(body));
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'driftwood-alerting',
          ...userHeaders(headers),
          'content-length': String(payload.length),
        },
        lookup: pinnedLookup(addresses) as never,
        agent: false,
        signal: AbortSignal.timeout(o.timeoutMs ?? 10_000),
        ...(connections.ca && target.protocol === 'https:' ? { ca: connections.ca } : {}),
      },
      (res) => {
        const status = res.statusCode ?? 0;
        res.destroy(); // the body is never read
        if (status >= 200 && status < 300) return resolve({ ok: true, retryable: false });
        const retryable = status === 408 || status === 429 || status >= 500;
        const redirect = status >= 300 && status < 400 ? ' (redirects are not followed)' : '';
        resolve({ ok: false, retryable, error: `${statusLine(res)}${redirect}` });
      },
    );
    req.on('error', (error: Error & { code?: string }) => {
      const detail =
        error.name === 'AbortError' || error.name === 'TimeoutError' ? 'timed out' : (error.code ?? error.message);
      resolve({ ok: false, retryable: true, error: `POST ${shown} failed: ${detail}` });
    });
    req.end(payload);
  });
}
