import { createSocket, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { isDriftwoodError } from '@driftwood/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShipperEvent } from '../../component.ts';
import { memoryLogger } from '../../log.ts';
import { waitFor } from '../test-context.ts';
import type { Peer } from './ecs.ts';
import type { Frame } from './framer.ts';
import { listenUdp, type SyslogListener, type UdpOptions } from './udp.ts';

const hasIpv6Loopback = Object.values(networkInterfaces()).some((list) =>
  list?.some((i) => i.family === 'IPv6' && i.address === '::1'),
);

const listeners: SyslogListener[] = [];
const clients: Socket[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const l of listeners.splice(0)) await l.close();
});

async function listen(over: Partial<UdpOptions> = {}) {
  const frames: Array<{ frame: Frame; peer: Peer; seq: number }> = [];
  const batches: string[][] = [];
  const log = memoryLogger();
  const state = { dropped: 0, stopped: false };
  const listener = await listenUdp({
    host: '127.0.0.1',
    port: 0,
    listen: '127.0.0.1:0',
    max: 64,
    bufferEvents: 100,
    sourceId: 'syslog-udp-test',
    log,
    toEvent(frame, peer, seq): ShipperEvent {
      frames.push({ frame, peer, seq });
      return { id: `u:${seq}`, source: 'syslog-udp-test', doc: { message: frame.data.toString('utf8') } };
    },
    emit: async (events) => void batches.push(events.map((e) => String(e.doc.message))),
    dropped: () => ++state.dropped,
    stopped: () => state.stopped,
    ...over,
  });
  listeners.push(listener);
  return { listener, frames, batches, log, state };
}

async function client(): Promise<Socket> {
  const socket = createSocket('udp4');
  clients.push(socket);
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

const send = (socket: Socket, port: number, text: string | Buffer) =>
  new Promise<void>((resolve, reject) => socket.send(text, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));

describe('listenUdp', () => {
  it('makes one event per datagram, with the sender as peer and seq counting up', async () => {
    const { listener, frames, batches } = await listen();
    const c = await client();
    await send(c, listener.address.port, '<13>first');
    await waitFor(() => frames.length === 1);
    await send(c, listener.address.port, '<13>second\nwith a newline');
    await waitFor(() => frames.length === 2);
    expect(frames.map((f) => f.frame.data.toString())).toEqual(['<13>first', '<13>second\nwith a newline']);
    expect(frames.map((f) => f.seq)).toEqual([0, 1]);
    expect(frames[0]!.peer).toEqual({ ip: '127.0.0.1', port: c.address().port, transport: 'udp' });
    expect(frames[0]!.frame).toMatchObject({ size: 9, truncated: false });
    await waitFor(() => batches.flat().length === 2);
  });

  it('cuts a datagram longer than max, keeping its size', async () => {
    const { listener, frames } = await listen({ max: 10 });
    const c = await client();
    await send(c, listener.address.port, 'x'.repeat(25));
    await waitFor(() => frames.length === 1);
    expect(frames[0]!.frame.data.toString()).toBe('x'.repeat(10));
    expect(frames[0]!.frame).toMatchObject({ size: 25, truncated: true });
  });

  it('buffers datagrams while an emit is in flight, drops and counts those beyond the buffer', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const batches: string[][] = [];
    const { listener, log, state } = await listen({
      bufferEvents: 3,
      emit: async (events) => {
        batches.push(events.map((e) => String(e.doc.message)));
        if (batches.length === 1) await gate;
      },
    });
    const c = await client();
    await send(c, listener.address.port, 'm0');
    await waitFor(() => batches.length === 1); // m0's emit is now held
    for (let i = 1; i <= 6; i++) await send(c, listener.address.port, `m${i}`);
    await waitFor(() => state.dropped === 3);
    expect(batches).toEqual([['m0']]);
    const warns = log.lines.filter((l) => l.level === 'warn');
    expect(warns).toHaveLength(1); // once, not per datagram
    expect(warns[0]).toMatchObject({
      message: 'syslog: UDP buffer full, dropping datagrams',
      fields: { dropped: 1, source: 'syslog-udp-test' },
    });
    release();
    // What was buffered goes out in one batch once the emit resolved.
    await waitFor(() => batches.length === 2);
    expect(batches[1]).toEqual(['m1', 'm2', 'm3']);
  });

  it('logs a failed emit and goes on with the next datagrams', async () => {
    let calls = 0;
    const got: string[] = [];
    const { listener, log } = await listen({
      emit: async (events) => {
        if (calls++ === 0) throw new Error('queue full');
        got.push(...events.map((e) => String(e.doc.message)));
      },
    });
    const c = await client();
    await send(c, listener.address.port, 'lost');
    await waitFor(() => log.lines.some((l) => l.level === 'error'));
    expect(log.lines.find((l) => l.level === 'error')).toMatchObject({
      message: 'syslog: emit failed',
      fields: { error: 'Error: queue full' },
    });
    await send(c, listener.address.port, 'kept');
    await waitFor(() => got.length === 1);
    expect(got).toEqual(['kept']);
  });

  it('after a failed emit, sends what was buffered meanwhile without waiting for another datagram', async () => {
    let fail: (e: Error) => void = () => {};
    const held = new Promise<void>((_, reject) => {
      fail = reject;
    });
    const batches: string[][] = [];
    const { listener, log } = await listen({
      emit: async (events) => {
        batches.push(events.map((e) => String(e.doc.message)));
        if (batches.length === 1) await held;
      },
    });
    const c = await client();
    await send(c, listener.address.port, 'first');
    await waitFor(() => batches.length === 1);
    await send(c, listener.address.port, 'b1');
    await send(c, listener.address.port, 'b2');
    await new Promise((resolve) => setTimeout(resolve, 50)); // both buffered
    fail(new Error('disk full'));
    await waitFor(() => batches.length === 2, 2000);
    expect(batches[1]).toEqual(['b1', 'b2']);
    expect(log.lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('emits nothing once stopped', async () => {
    const { listener, frames, batches, state } = await listen();
    state.stopped = true;
    const c = await client();
    await send(c, listener.address.port, 'late');
    await waitFor(() => frames.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(batches).toEqual([]);
  });

  it('fails with INPUT_INVALID naming the address when the port is taken', async () => {
    const taken = await client();
    const port = taken.address().port;
    const error = await listen({ port, listen: `udp 127.0.0.1:${port}` }).catch((e: unknown) => e);
    expect(isDriftwoodError(error, 'INPUT_INVALID')).toBe(true);
    expect((error as Error).message).toBe(`syslog: cannot listen on udp udp 127.0.0.1:${port}`);
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
  });

  it.skipIf(!hasIpv6Loopback)('listens on IPv6 when the host is an IPv6 address', async () => {
    const { listener, frames } = await listen({ host: '::1', listen: '[::1]:0' });
    expect(listener.address.host).toBe('::1');
    const c = createSocket('udp6');
    clients.push(c);
    await new Promise<void>((resolve, reject) =>
      c.send('six', listener.address.port, '::1', (e) => (e ? reject(e) : resolve())),
    );
    await waitFor(() => frames.length === 1);
    expect(frames[0]!.peer.ip).toBe('::1');
  });
});
