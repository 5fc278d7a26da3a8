/**
 * syslog over UDP (RFC 5426): one datagram is one message. UDP cannot push back: datagrams
 * arriving while an emit is in flight wait in a bounded buffer (`bufferEvents`); beyond it they
 * are dropped and counted (a warning names the count, once per 1000 drops).
 */
import { createSocket } from 'node:dgram';
import { DriftwoodError } from '@driftwood/core';
import type { Logger, ShipperEvent } from '../../component.ts';
import type { Peer } from './ecs.ts';
import type { Frame } from './framer.ts';

export interface SyslogListener {
  address: { host: string; port: number };
  close(): Promise<void>;
}

export interface UdpOptions {
  host: string;
  port: number;
  /** The configured `listen:`, for error messages. */
  listen: string;
  /** Longest message kept (longer datagrams are cut). */
  max: number;
  bufferEvents: number;
  sourceId: string;
  log: Logger;
  /** Builds the event of one message; `seq` counts per socket. */
  toEvent(frame: Frame, peer: Peer, seq: number, received: Date): ShipperEvent;
  emit(events: ShipperEvent[]): Promise<void>;
  /** Counts a dropped datagram; returns the total dropped. */
  dropped(): number;
  stopped(): boolean;
}

export async function listenUdp(o: UdpOptions): Promise<SyslogListener> {
  const socket = createSocket({ type: o.host.includes(':') ? 'udp6' : 'udp4' });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(o.port, o.host, () => {
      socket.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    throw new DriftwoodError('INPUT_INVALID', `syslog: cannot listen on udp ${o.listen}`, { cause: error });
  });
  socket.on('error', (error) => o.log.error('syslog: UDP socket error', { error: String(error) }));

  let pending: ShipperEvent[] = [];
  let inFlight = false;
  let seq = 0;
  let droppedSinceWarn = 0;
  const flush = () => {
    if (inFlight || pending.length === 0 || o.stopped()) return;
    const batch = pending;
    pending = [];
    inFlight = true;
    o.emit(batch).then(
      () => {
        inFlight = false;
        flush();
      },
      (error: unknown) => {
        inFlight = false;
        if (o.stopped()) return;
        o.log.error('syslog: emit failed', { source: o.sourceId, error: String(error) });
        // The failed batch is lost (UDP cannot resend); what arrived meanwhile goes now.
        flush();
      },
    );
  };
  socket.on('message', (msg, rinfo) => {
    if (pending.length >= o.bufferEvents) {
      const dropped = o.dropped();
      if (droppedSinceWarn++ % 1000 === 0) {
        o.log.warn('syslog: UDP buffer full, dropping datagrams', { source: o.sourceId, dropped });
      }
      return;
    }
    const frame: Frame = { data: msg.subarray(0, o.max), size: msg.length, truncated: msg.length > o.max };
    const peer: Peer = { ip: rinfo.address, port: rinfo.port, transport: 'udp' };
    pending.push(o.toEvent(frame, peer, seq++, new Date()));
    flush();
  });

  const a = socket.address();
  return {
    address: { host: a.address, port: a.port },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
