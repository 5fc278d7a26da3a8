/**
 * Bounded memory for request bodies: a byte budget shared by all requests in flight, and a body
 * reader that counts bytes as they stream in (after gzip/deflate decoding, so a small compressed
 * body cannot expand past the limit) and stops at the limit instead of buffering without end. A
 * body that stops arriving for `idleMs` is given up (`timeout`), so a stalled client cannot hold
 * one of the router's body slots for long.
 */
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate } from 'node:zlib';

export class ByteBudget {
  readonly max: number;
  private held = 0;
  constructor(max: number) {
    this.max = max;
  }
  get used(): number {
    return this.held;
  }
  tryReserve(bytes: number): boolean {
    if (this.held + bytes > this.max) return false;
    this.held += bytes;
    return true;
  }
  release(bytes: number): void {
    this.held = Math.max(0, this.held - bytes);
  }
}

export type BodyResult =
  | { ok: true; body: Buffer; reserved: number }
  | { ok: false; reason: 'too_large' | 'busy' | 'bad_encoding' | 'aborted' | 'timeout'; message: string };

/** Read a request body within `maxBytes`, reserving its bytes from the budget as they arrive. */
export function readBody(
  req: IncomingMessage,
  maxBytes: number,
  budget: ByteBudget,
  idleMs = 30_000,
): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding === 'identity' && Number.isFinite(declared) && declared > maxBytes) {
    return Promise.resolve({
      ok: false,
      reason: 'too_large',
      message: `Request body of ${declared} bytes is larger than the limit of [${maxBytes}] bytes`,
    });
  }
  let stream: Readable = req;
  if (encoding === 'gzip' || encoding === 'x-gzip') stream = req.pipe(createGunzip());
  else if (encoding === 'deflate') stream = req.pipe(createInflate());
  else if (encoding !== 'identity') {
    return Promise.resolve({
      ok: false,
      reason: 'bad_encoding',
      message: `unsupported Content-Encoding [${encoding}]`,
    });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    let idle: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () => finish({ ok: false, reason: 'timeout', message: `no body bytes for ${idleMs} ms` }),
        idleMs,
      );
    };
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      clearTimeout(idle);
      if (!result.ok) {
        budget.release(size);
        chunks.length = 0;
        if (stream !== req) stream.destroy();
        req.unpipe();
        req.resume(); // discard the rest without holding it
      }
      resolve(result);
    };
    arm();
    stream.on('data', (chunk: Buffer) => {
      if (done) return;
      arm();
      if (size + chunk.length > maxBytes) {
        finish({
          ok: false,
          reason: 'too_large',
          message: `Request body is larger than the limit of [${maxBytes}] bytes`,
        });
        return;
      }
      if (!budget.tryReserve(chunk.length)) {
        finish({
          ok: false,
          reason: 'busy',
          message: `rejected execution: ${budget.used} bytes of requests in flight, the limit is [${budget.max}]`,
        });
        return;
      }
      size += chunk.length;
      chunks.push(chunk);
    });
    stream.on('end', () => finish({ ok: true, body: Buffer.concat(chunks, size), reserved: size }));
    stream.on('error', (error) =>
      finish({ ok: false, reason: stream === req ? 'aborted' : 'bad_encoding', message: error.message }),
    );
    req.on('aborted', () => finish({ ok: false, reason: 'aborted', message: 'the client went away' }));
  });
}
