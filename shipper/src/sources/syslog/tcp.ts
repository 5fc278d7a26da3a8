/**
 * syslog over TCP (RFC 6587), optionally TLS (RFC 5425): each connection is framed by a
 * SyslogFramer. Backpressure: a connection is not read further until `emit` resolved for what
 * it sent.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { DriftwoodError } from '@driftwood/core';
import type { Logger, ShipperEvent } from '../../component.ts';
import type { Peer } from './ecs.ts';
import { type Frame, SyslogFramer } from './framer.ts';
import type { SyslogListener } from './udp.ts';

export interface TcpOptions {
  host: string;
  port: number;
  /** The configured `listen:`, for error messages. */
  listen: string;
  max: number;
  /** Serve TLS with these options. */
  tls?: TlsOptions;
  sourceId: string;
  log: Logger;
  /** Builds the event of one message; `seq` counts per connection. */
  toEvent(frame: Frame, peer: Peer, seq: number, received: Date): ShipperEvent;
  emit(events: ShipperEvent[]): Promise<void>;
  stopped(): boolean;
}

export async function listenTcp(o: TcpOptions): Promise<SyslogListener> {
  const sockets = new Set<Socket>();

  async function serve(socket: Socket): Promise<void> {
    sockets.add(socket);
    const peer: Peer = { ip: socket.remoteAddress ?? '', port: socket.remotePort ?? 0, transport: 'tcp' };
    const framer = new SyslogFramer(o.max);
    let seq = 0;
    const emitFrames = async (frames: Frame[]) => {
      if (frames.length === 0) return;
      const received = new Date();
      await o.emit(frames.map((f) => o.toEvent(f, peer, seq++, received)));
    };
    try {
      // Async iteration reads the next chunk only after the previous one's emit resolved: backpressure.
      for await (const chunk of socket) {
        await emitFrames(framer.push(chunk as Buffer));
      }
      await emitFrames(framer.end());
    } catch (error) {
      if (!o.stopped()) o.log.warn('syslog: connection failed', { source: o.sourceId, peer, error: String(error) });
    } finally {
      sockets.delete(socket);
      socket.destroy();
    }
  }

  const onConnection = (socket: Socket) => void serve(socket);
  const srv: Server = o.tls ? createTlsServer(o.tls, onConnection) : createServer(onConnection);
  srv.on('tlsClientError', (error) => o.log.warn('syslog: TLS handshake failed', { error: String(error) }));
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(o.port, o.host, () => {
      srv.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    throw new DriftwoodError('INPUT_INVALID', `syslog: cannot listen on tcp ${o.listen}`, { cause: error });
  });
  srv.on('error', (error) => o.log.error('syslog: server error', { error: String(error) }));
  const a = srv.address();
  return {
    address: a && typeof a === 'object' ? { host: a.address, port: a.port } : { host: o.host, port: o.port },
    async close() {
      const closed = new Promise<void>((resolve) => srv.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
