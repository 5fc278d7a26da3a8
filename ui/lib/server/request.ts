/**
 * Reading a route's request body, bounded while it streams: JSON only (`application/json`, else
 * 400 INPUT_INVALID), at most MAX_BODY_BYTES (413 PAYLOAD_TOO_LARGE as soon as the count passes
 * the cap, the rest never read), and at most BODY_READERS bodies read at once (a request that
 * waits longer than BODY_WAIT_MS for its turn gets 429 RATE_LIMITED). Server only.
 */
import { DriftwoodError, Slots } from '@driftwood/core';
import { MAX_BODY_BYTES } from './guard.ts';

export { MAX_BODY_BYTES };
export const BODY_READERS = 8;
export const BODY_WAIT_MS = 10_000;

const shared = globalThis as { __driftwoodBodySlots?: Slots };
shared.__driftwoodBodySlots ??= new Slots(BODY_READERS);
const slots: Slots = shared.__driftwoodBodySlots;

export interface ReadOptions {
  /** Bytes at most (default MAX_BODY_BYTES). */
  maxBytes?: number;
  /** Bodies read at once (default: this process's slots, BODY_READERS). */
  slots?: Slots;
  waitMs?: number;
}

function requireJson(request: Request): void {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new DriftwoodError('INPUT_INVALID', 'the body must be sent as application/json', {
      details: { field: 'content-type' },
    });
  }
}

/** The body's bytes as text, refused once it passes `maxBytes` (the stream is cancelled there). */
export async function readText(request: Request, options: ReadOptions = {}): Promise<string> {
  const maxBytes = options.maxBytes ?? MAX_BODY_BYTES;
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new DriftwoodError('PAYLOAD_TOO_LARGE', `request body over ${maxBytes} bytes`);
  }
  const gate = options.slots ?? slots;
  if (!(await gate.take(options.waitMs ?? BODY_WAIT_MS))) {
    throw new DriftwoodError('RATE_LIMITED', 'too many request bodies are being read; try again', {
      details: { retryAfterSeconds: 1 },
    });
  }
  try {
    if (!request.body) return '';
    const reader = request.body.getReader();
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let total = 0;
    let text = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw new DriftwoodError('PAYLOAD_TOO_LARGE', `request body over ${maxBytes} bytes`);
        }
        text += decoder.decode(value, { stream: true });
      }
      return text + decoder.decode();
    } catch (error) {
      if (error instanceof TypeError && /decode|encoded/i.test(error.message)) {
        throw new DriftwoodError('INPUT_INVALID', 'the body is not UTF-8');
      }
      throw error;
    } finally {
      reader.releaseLock();
    }
  } finally {
    gate.give();
  }
}

/** The request body as JSON (an empty body is `{}`): application/json only, bounded (see above). */
export async function readJson(request: Request, options: ReadOptions = {}): Promise<unknown> {
  requireJson(request);
  const text = await readText(request, options);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DriftwoodError('INPUT_INVALID', `the body is not JSON: ${(error as Error).message}`);
  }
}

export function readObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new DriftwoodError('INPUT_INVALID', `${what} must be a JSON object`);
  return value as Record<string, unknown>;
}
