/**
 * An output's health, as `/health`, `/metrics` and the status line show it. An output reports a
 * whole-request failure (`fault`: the endpoint's answer, or the transport error) and a success
 * (`ok`); the events of a failed request are kept and retried, never acknowledged. What is shown
 * is bounded and carries no secrets: URLs lose their userinfo, answers are cut to `SNIPPET_CHARS`.
 */
import { printableText, printableUrl } from '@driftwood/core';
import type { Logger } from '../component.ts';

/** Longest answer snippet kept (the status line shows less). */
export const SNIPPET_CHARS = 300;

export interface OutputHealthReport {
  healthy: boolean;
  /** ISO time the current state began. */
  since: string;
  /** Where the output sends (userinfo removed). */
  endpoint?: string;
  /** What the endpoint answered last time it failed: `HTTP 400 Bad Request: <snippet>` or the transport error. */
  answer?: string;
  /** HTTP status (or 0 for a transport error) of the last failure. */
  status?: number;
  /** Whole-request failures since start. */
  failures: number;
  /** Consecutive failures of the current fault. */
  consecutive: number;
}

export class OutputHealth {
  readonly #log: Logger | undefined;
  readonly #name: string;
  #healthy = true;
  #since = Date.now();
  #answer: string | undefined;
  #status: number | undefined;
  #failures = 0;
  #consecutive = 0;
  endpoint: string | undefined;

  constructor(name: string, log?: Logger, endpoint?: string) {
    this.#name = name;
    this.#log = log;
    this.endpoint = endpoint === undefined ? undefined : printableUrl(endpoint);
  }

  get healthy(): boolean {
    return this.#healthy;
  }

  get failures(): number {
    return this.#failures;
  }

  /** A whole request failed; `answer` is shown as given (callers pass it through `describeAnswer`). */
  fault(answer: string, status = 0): void {
    this.#failures++;
    this.#consecutive++;
    this.#answer = printableText(answer).slice(0, SNIPPET_CHARS + 64);
    this.#status = status;
    if (this.#healthy) {
      this.#healthy = false;
      this.#since = Date.now();
      this.#log?.warn(`${this.#name}: output unhealthy; its events are kept and retried`, {
        ...(this.endpoint ? { endpoint: this.endpoint } : {}),
        answer: this.#answer,
      });
    }
  }

  /** A request succeeded (the endpoint answered as the output expects). */
  ok(): void {
    this.#consecutive = 0;
    if (this.#healthy) return;
    this.#healthy = true;
    const down = Date.now() - this.#since;
    this.#since = Date.now();
    // As loud as the fault it ends (`driftwood up` shows warnings only).
    this.#log?.warn(`${this.#name}: output healthy again`, {
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      unhealthy_ms: down,
    });
  }

  report(): OutputHealthReport {
    return {
      healthy: this.#healthy,
      since: new Date(this.#since).toISOString(),
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      ...(this.#answer !== undefined && !this.#healthy ? { answer: this.#answer, status: this.#status ?? 0 } : {}),
      failures: this.#failures,
      consecutive: this.#consecutive,
    };
  }
}

/** `HTTP 400 Bad Request: <first SNIPPET_CHARS characters of the body, on one line>`. */
export function describeAnswer(status: number, statusText: string | undefined, body: string): string {
  const snippet = body.replace(/\s+/g, ' ').trim();
  const cut = snippet.length > SNIPPET_CHARS ? `${snippet.slice(0, SNIPPET_CHARS)}…` : snippet;
  return `HTTP ${status}${statusText ? ` ${statusText}` : ''}${cut ? `: ${cut}` : ''}`;
}
