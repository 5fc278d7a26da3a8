/** What every notification channel (webhook, slack, email) implements. */
import type { Action, NotificationContent } from '@driftwood/core';
import { redactUrl } from '../secrets.ts';
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
}

export type Send = (delivery: Delivery, options: ChannelOptions) => Promise<SendResult>;

/** POSTs JSON with an Idempotency-Key; 2xx is success, 408/429/5xx and network errors are retryable. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  timeoutMs = 10_000,
): Promise<SendResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'driftwood-alerting', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'follow',
    });
    const text = await res.text().catch(() => '');
    if (res.ok) return { ok: true, retryable: false };
    const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
    return { ok: false, retryable, error: `HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}` };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string; message?: string } };
    const detail = e.cause?.code ?? e.cause?.message ?? e.message;
    return { ok: false, retryable: true, error: `POST ${redactUrl(url)} failed: ${detail}` };
  }
}
