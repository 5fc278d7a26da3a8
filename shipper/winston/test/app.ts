/** A small app for tests: logs N lines through DriftwoodTransport to URL, then ends the logger and exits. */
import winston from 'winston';
import { DriftwoodTransport } from '../src/index.ts';

const [url, countText = '1000'] = process.argv.slice(2);
if (url === undefined) throw new Error('usage: app.ts URL [COUNT]');
const transport = new DriftwoodTransport({
  url,
  batchSize: 100,
  flushIntervalMs: 50,
  maxBufferedEvents: 100_000,
  retry: { initialDelayMs: 50, maxDelayMs: 500 },
  closeTimeoutMs: 20_000,
});
const logger = winston.createLogger({
  level: 'info',
  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  defaultMeta: { service: { name: 'fixture-app' } },
  transports: [transport],
});
logger.on('finish', () => {
  process.stdout.write(`${JSON.stringify(transport.stats())}\n`);
});
const count = Number(countText);
for (let i = 0; i < count; i++) {
  if (i % 250 === 0) await new Promise((r) => setTimeout(r, 10));
  logger.info(`line ${i}`, { seq: i });
}
logger.end();
