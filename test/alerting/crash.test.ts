/**
 * Exactly once in effect across kill -9: the evaluator runs in a child process that is killed
 * between recording a notification intent and sending it, or between sending and marking it
 * sent; a restart delivers it — no notification lost, and the receiver (deduplicating by
 * Idempotency-Key) acts on each exactly once.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRule, listNotifications } from '@driftwood/alerting';
import { createEmbeddedStore } from '@driftwood/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, MINUTE, type Receiver, startReceiver, T0 } from '../../alerting/src/test-helpers.ts';

const CHILD = path.join(import.meta.dirname, 'evaluator-child.ts');

function runChild(
  store: string,
  now: number,
  crash?: 'after-intent' | 'after-send',
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], {
      env: { ...process.env, STORE: store, NOW: String(now), CRASH: crash ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('alerting survives kill -9 (child process)', () => {
  let receiver: Receiver;
  let dir: string;
  beforeAll(async () => {
    receiver = await startReceiver();
    dir = mkdtempSync(path.join(tmpdir(), 'dw-alert-crash-'));
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function prepare(name: string): Promise<string> {
    const file = path.join(dir, `${name}.duckdb`);
    const store = await createEmbeddedStore({ path: file });
    await store.write(events(100, T0, 30 * MINUTE));
    await store.write(events(50, T0 + 10 * MINUTE, 2 * MINUTE, { level: 'error' }));
    await createRule(store, {
      id: 'spike',
      name: 'Spike',
      query: 'log.level:error',
      condition: { type: 'count', comparator: '>', threshold: 10 },
      actions: [{ type: 'webhook', url: receiver.url }],
    });
    await store.close();
    return file;
  }

  async function settled(file: string) {
    const store = await createEmbeddedStore({ path: file });
    try {
      return await listNotifications(store, 'spike');
    } finally {
      await store.close();
    }
  }

  it('killed after recording the intent, before sending: the restart sends it, once', async () => {
    receiver.all.length = 0;
    const file = await prepare('after-intent');
    const crashed = await runChild(file, T0 + 11 * MINUTE, 'after-intent');
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    expect(receiver.all).toHaveLength(0);
    // restarted later, in the next slot: the pending intent is sent; the firing is not repeated
    const restarted = await runChild(file, T0 + 12 * MINUTE + 3000);
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(receiver.all).toHaveLength(1);
    expect(receiver.all[0]?.body.transition).toBe('firing');
    // the spike ends: exactly one resolve
    await runChild(file, T0 + 17 * MINUTE);
    await runChild(file, T0 + 18 * MINUTE);
    expect(receiver.all.map((r) => r.body.transition)).toEqual(['firing', 'resolved']);
    const notes = await settled(file);
    expect(notes.map((n) => [n.transition, n.status])).toEqual([
      ['resolved', 'sent'],
      ['firing', 'sent'],
    ]);
  });

  it('killed after sending, before marking sent: re-sent with the same Idempotency-Key, none lost', async () => {
    receiver.all.length = 0;
    const file = await prepare('after-send');
    const crashed = await runChild(file, T0 + 11 * MINUTE, 'after-send');
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    expect(receiver.all).toHaveLength(1);
    const restarted = await runChild(file, T0 + 11 * MINUTE + 20_000); // same slot
    expect(restarted.code, restarted.stderr).toBe(0);
    expect(receiver.all).toHaveLength(2); // the residual window: a repeat…
    expect(receiver.distinct()).toHaveLength(1); // …that the receiver drops by its key
    await runChild(file, T0 + 12 * MINUTE);
    await runChild(file, T0 + 17 * MINUTE);
    expect(receiver.distinct().map((r) => r.body.transition)).toEqual(['firing', 'resolved']);
    expect((await settled(file)).every((n) => n.status === 'sent')).toBe(true);
  });
});
