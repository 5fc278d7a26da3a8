import { connect, createServer, type Server, type Socket } from 'node:net';
import { isDriftwoodError } from '@driftwood/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShipperEvent } from '../../component.ts';
import { memoryLogger } from '../../log.ts';
import { waitFor } from '../test-context.ts';
import type { Peer } from './ecs.ts';
import type { Frame } from './framer.ts';
import { listenTcp, type TcpOptions } from './tcp.ts';
import type { SyslogListener } from './udp.ts';

interface Seen {
  text: string;
  seq: number;
  peer: Peer;
  truncated: boolean;
  size: number;
}

const listeners: SyslogListener[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const l of listeners.splice(0)) await l.close();
});

async function listen(over: Partial<TcpOptions> = {}) {
  const seen: Seen[] = [];
  const log = memoryLogger();
  let stopped = false;
  const listener = await listenTcp({
    host: '127.0.0.1',
    port: 0,
    listen: '127.0.0.1:0',
    max: 64,
    sourceId: 'syslog-test',
    log,
    toEvent(frame: Frame, peer: Peer, seq: number): ShipperEvent {
      seen.push({ text: frame.data.toString('utf8'), seq, peer, truncated: frame.truncated, size: frame.size });
      return { id: `${peer.port}:${seq}`, source: 'syslog-test', doc: { message: frame.data.toString('utf8') } };
    },
    emit: async () => {},
    stopped: () => stopped,
    ...over,
  });
  listeners.push(listener);
  return { listener, seen, log, stop: () => (stopped = true) };
}

async function connectTo(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port });
  sockets.push(socket);
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  return socket;
}

describe('listenTcp', () => {
  it('binds an ephemeral port and reports it', async () => {
    const { listener } = await listen();
    expect(listener.address.host).toBe('127.0.0.1');
    expect(listener.address.port).toBeGreaterThan(0);
  });

  it('turns LF and octet-counted frames into events, the unterminated last one at end of stream', async () => {
    const { listener, seen } = await listen();
    const socket = await connectTo(listener.address.port);
    const localPort = socket.localPort;
    socket.write('first line\n5 hello');
    socket.end('last without newline');
    await waitFor(() => seen.length === 3);
    expect(seen.map((s) => s.text)).toEqual(['first line', 'hello', 'last without newline']);
    expect(seen.map((s) => s.seq)).toEqual([0, 1, 2]);
    expect(seen[0]!.peer).toEqual({ ip: '127.0.0.1', port: localPort, transport: 'tcp' });
  });

  it('counts seq per connection', async () => {
    const { listener, seen } = await listen();
    const a = await connectTo(listener.address.port);
    a.end('a1\na2\n');
    await waitFor(() => seen.length === 2);
    const b = await connectTo(listener.address.port);
    const bPort = b.localPort;
    b.end('b1\n');
    await waitFor(() => seen.length === 3);
    expect(seen.map((s) => [s.text, s.seq])).toEqual([
      ['a1', 0],
      ['a2', 1],
      ['b1', 0],
    ]);
    expect(seen[2]!.peer.port).toBe(bPort);
  });

  it('cuts a frame longer than max, keeping its full size', async () => {
    const { listener, seen } = await listen({ max: 8 });
    const socket = await connectTo(listener.address.port);
    socket.end('0123456789abcdef\nok\n');
    await waitFor(() => seen.length === 2);
    expect(seen[0]).toMatchObject({ text: '01234567', truncated: true, size: 16 });
    expect(seen[1]).toMatchObject({ text: 'ok', truncated: false });
  });

  it('emits one connection in order, never two batches of it at once', async () => {
    let inFlight = 0;
    let most = 0;
    const order: string[] = [];
    const { listener } = await listen({
      emit: async (events) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 2));
        order.push(...events.map((e) => String(e.doc.message)));
        inFlight--;
      },
    });
    const socket = await connectTo(listener.address.port);
    const total = 2000;
    for (let i = 0; i < total; i++) socket.write(`m${i}\n`);
    socket.end();
    await waitFor(() => order.length === total, 20_000);
    expect(most).toBe(1);
    expect(order).toEqual(Array.from({ length: total }, (_, i) => `m${i}`));
  });

  it('drops a connection whose emit fails, with a warning, and keeps serving others', async () => {
    let fail = true;
    const got: string[] = [];
    const { listener, log } = await listen({
      emit: async (events) => {
        if (fail) throw new Error('queue closed');
        got.push(...events.map((e) => String(e.doc.message)));
      },
    });
    const bad = await connectTo(listener.address.port);
    const closed = new Promise((resolve) => bad.once('close', resolve));
    bad.write('doomed\n');
    await closed;
    expect(log.lines.find((l) => l.level === 'warn')?.message).toBe('syslog: connection failed');
    fail = false;
    const good = await connectTo(listener.address.port);
    good.end('fine\n');
    await waitFor(() => got.length === 1);
    expect(got).toEqual(['fine']);
  });

  it('does not warn about a failed connection once stopped', async () => {
    const ctl = await listen({
      emit: async () => {
        throw new Error('stopping');
      },
    });
    ctl.stop();
    const socket = await connectTo(ctl.listener.address.port);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write('x\n');
    await closed;
    expect(ctl.log.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('close() ends open connections and stops listening', async () => {
    const { listener } = await listen();
    const port = listener.address.port;
    const socket = await connectTo(port);
    const closed = new Promise((resolve) => socket.once('close', resolve));
    listeners.splice(listeners.indexOf(listener), 1);
    await listener.close();
    await closed;
    const refused = connect({ host: '127.0.0.1', port });
    await expect(
      new Promise((resolve, reject) => {
        refused.once('connect', resolve);
        refused.once('error', reject);
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('fails with INPUT_INVALID naming the address when the port is taken', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await listen({ port, listen: `127.0.0.1:${port}` }).catch((e: unknown) => e);
      expect(isDriftwoodError(error, 'INPUT_INVALID')).toBe(true);
      expect((error as Error).message).toBe(`syslog: cannot listen on tcp 127.0.0.1:${port}`);
      expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
