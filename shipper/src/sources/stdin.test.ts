import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { build, configSchema } from './stdin.ts';
import { recordingContext, silentLog } from './test-context.ts';

describe('stdin source', () => {
  it('has defaults and rejects unknown keys', () => {
    expect(configSchema.parse({ type: 'stdin' })).toMatchObject({ max_line_bytes: 1024 * 1024 });
    expect(() => configSchema.parse({ type: 'stdin', path: 'x' })).toThrow(/path/);
  });

  it('turns lines into events, ends at EOF, cuts long lines', async () => {
    const input = new PassThrough();
    const source = build(configSchema.parse({ max_line_bytes: 64 }), { dataDir: tmpdir(), log: silentLog }, input);
    const s = recordingContext();
    await source.start(s.ctx);
    input.write('first\r\nsec');
    input.write(`ond\n${'é'.repeat(100)}\n\n`);
    input.end('last without newline');
    await source.finished;
    expect(s.events.map((e) => e.doc.message)).toEqual(['first', 'second', 'é'.repeat(32), '', 'last without newline']);
    expect(s.events.map((e) => (e.doc.log as { offset: number }).offset)).toEqual([0, 7, 14, 215, 216]);
    expect(s.events[2]?.doc.tags).toEqual(['truncated']);
    expect(s.events[0]?.doc).toMatchObject({ host: { name: 'shipper-host' }, agent: { id: 'agent-1' } });
    expect(s.events.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(s.events.map((e) => e.id)).size).toBe(5);
    // Another run: new run id, new ids.
    const again = build(configSchema.parse({}), { dataDir: tmpdir(), log: silentLog }, PassThrough.from(['first\n']));
    const s2 = recordingContext();
    await again.start(s2.ctx);
    await again.finished;
    expect(s2.events[0]?.id).not.toBe(s.events[0]?.id);
  });

  it('stops reading while emit is pending', async () => {
    let release!: () => void;
    let gate = new Promise<void>((r) => {
      release = r;
    });
    const input = new PassThrough({ highWaterMark: 1024 });
    const source = build(configSchema.parse({}), { dataDir: tmpdir(), log: silentLog }, input);
    const s = recordingContext(() => gate);
    await source.start(s.ctx);
    let accepted = 0;
    for (let i = 0; i < 1000; i++) if (input.write(`line ${i}\n`)) accepted++;
    input.end();
    await new Promise((r) => setTimeout(r, 100));
    expect(s.emits).toBe(1);
    expect(accepted).toBeLessThan(1000); // the writer sees backpressure
    release();
    gate = Promise.resolve();
    await source.finished;
    expect(s.events).toHaveLength(1000);
  });

  it('reads a real process stdin to EOF', async () => {
    const module = path.join(path.dirname(fileURLToPath(import.meta.url)), 'stdin.ts');
    const script = `
      import { build, configSchema } from ${JSON.stringify(module)};
      let n = 0; let last = '';
      const source = build(configSchema.parse({}), { dataDir: '/tmp', log: console });
      await source.start({ emit: async (ev) => { n += ev.length; last = ev[ev.length - 1].doc.message; },
        dataDir: '/tmp', hostName: 'h', agent: { name: 'a', type: 'driftwood-shipper', version: '0', id: 'x' },
        log: console, signal: new AbortController().signal });
      await source.finished;
      console.log(JSON.stringify({ n, last }));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    for (let i = 0; i < 20_000; i++) child.stdin.write(`line ${i}\n`);
    child.stdin.end();
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ n: 20_000, last: 'line 19999' });
  });
});
