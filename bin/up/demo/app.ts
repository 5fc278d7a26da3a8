/** A Node app (a web shop's order service) logging through the Driftwood winston transport. */
import { DriftwoodTransport } from '@driftwood/winston-transport';
import winston from 'winston';
import { between, chance, pick } from './random.ts';

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

function fail(orderId: number): Error {
  const error = new Error(
    pick([
      () => `payment provider timeout after ${Math.round(between(3000, 9000))} ms`,
      () => `inventory reservation failed for sku ${Math.floor(between(100, 999))}-${Math.floor(between(10, 99))}`,
      () => `order total mismatch: expected ${between(5, 500).toFixed(2)}, got ${between(5, 500).toFixed(2)}`,
      () =>
        `card declined for order ${orderId} (request id ${Math.floor(between(0, 2 ** 32))
          .toString(16)
          .padStart(8, '0')}a1)`,
    ])(),
  );
  error.name = pick(['TimeoutError', 'ReservationError', 'ValidationError']);
  return error;
}

export class AppDemo {
  private readonly logger: winston.Logger;
  readonly transport: DriftwoodTransport;

  constructor(shipperHttpUrl: string) {
    this.transport = new DriftwoodTransport({ url: shipperHttpUrl, batchSize: 200, flushIntervalMs: 500 });
    this.logger = winston.createLogger({
      level: 'debug',
      // ECS-shaped: `host` and `user` are objects in ECS (a bare string there is a mapping conflict).
      defaultMeta: { service: 'demo-shop', host: { name: 'app-1' } },
      format: winston.format.combine(
        winston.format.timestamp(),
        winston.format.errors({ stack: true }),
        winston.format.json(),
      ),
      transports: [this.transport],
    });
  }

  private one(timestamp?: string): void {
    const orderId = Math.floor(between(1000, 99_999));
    const meta: Record<string, unknown> = { user: { name: pick(USERS) }, order_id: orderId };
    if (timestamp) meta.timestamp = timestamp;
    if (chance(0.05)) {
      const error = fail(orderId);
      this.logger.error(`order ${orderId} failed: ${error.message}`, {
        ...meta,
        stack: error.stack,
        error: { type: error.name, message: error.message },
      });
    } else if (chance(0.1)) {
      this.logger.warn('payment retry scheduled', { ...meta, attempt: Math.floor(between(1, 4)) });
    } else if (chance(0.2)) {
      this.logger.debug('cart recalculated', { ...meta, items: Math.floor(between(1, 9)) });
    } else {
      this.logger.info(pick(['order placed', 'user signed in', 'cart updated', 'order shipped']), {
        ...meta,
        duration_ms: Math.round(between(5, 400)),
      });
    }
  }

  backfill(nowMs: number): number {
    let n = 0;
    for (let t = nowMs - 24 * 3_600_000; t < nowMs - 60_000; t += between(10_000, 30_000)) {
      this.one(new Date(t).toISOString());
      n++;
    }
    return n;
  }

  tick(): void {
    const n = Math.floor(between(0, 3));
    for (let i = 0; i < n; i++) this.one();
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.logger.on('finish', () => resolve());
      this.logger.end();
      setTimeout(resolve, 5000).unref();
    });
  }
}
