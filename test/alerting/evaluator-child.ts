/**
 * One evaluator process for the crash tests: opens the embedded store at $STORE, evaluates at
 * $NOW, exits. With CRASH=after-intent it kills itself (SIGKILL) right after a notification
 * intent is recorded; with CRASH=after-send right after a receiver accepted it (before it is
 * marked sent).
 */
import { Evaluator } from '@driftwood/alerting';
import { createEmbeddedStore } from '@driftwood/store';

const crash = process.env.CRASH;
const die = () => {
  process.kill(process.pid, 'SIGKILL');
};
const store = await createEmbeddedStore({ path: process.env.STORE as string });
const evaluator = new Evaluator({
  store,
  publicUrl: 'http://ui.test',
  backoffMs: 1,
  egress: { allow: ['127.0.0.1'] }, // the test's receiver listens on loopback
  hooks: {
    afterRecord: crash === 'after-intent' ? die : undefined,
    afterSend: crash === 'after-send' ? die : undefined,
  },
});
const report = await evaluator.evaluate(Number(process.env.NOW));
process.stdout.write(`${JSON.stringify({ evaluated: report.evaluated, notifications: report.notifications })}\n`);
await store.close();
