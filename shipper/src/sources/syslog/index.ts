/**
 * syslog source: listens on UDP or TCP (optionally TLS) and turns each syslog message into an event.
 *
 * - config.ts: the settings; parse.ts: RFC 3164 / 5424 messages; framer.ts: RFC 6587 TCP framing;
 *   ecs.ts: a frame → its ECS document; udp.ts, tcp.ts (+ tls.ts): the listeners.
 * - Messages over `max_message_bytes` are cut (at a UTF-8 boundary) and tagged `syslog_truncated`;
 *   the rest of that frame is skipped without being buffered. Unparsable messages are kept whole in
 *   `message`, tagged `syslog_malformed`, with the reason in `error.message`.
 * - Backpressure: a TCP connection is not read further until `emit` resolved for what it sent.
 *   UDP cannot push back: datagrams arriving while an emit is in flight wait in a bounded buffer
 *   (`udp_buffer_events`); beyond it they are dropped and counted (a warning names the count).
 * - Ids: syslog has no replayable position, so an event's id is a sha256 of the source identity,
 *   the peer address, the raw message, the receive time (ms) and a per-connection (per-socket for
 *   UDP) sequence number. It is fixed once the event exists, so retries inside the shipper are
 *   idempotent; a sender that re-sends a message (e.g. after a reconnect) produces a new event.
 */
import { DriftwoodError, parseHostPort } from '@driftwood/core';
import { eventId } from '@driftwood/core/node';
import type { BuildContext, ShipperEvent, Source, SourceContext } from '../../component.ts';
import { configSchema, type SyslogConfig, type } from './config.ts';
import { frameToDocument, type Peer } from './ecs.ts';
import type { Frame } from './framer.ts';
import { listenTcp } from './tcp.ts';
import { tlsServerOptions } from './tls.ts';
import { listenUdp, type SyslogListener } from './udp.ts';

export { configSchema, type SyslogConfig, type };

export interface SyslogSource extends Source {
  /** Where it listens (after `start`), e.g. to learn the port picked for `:0`. */
  address(): { host: string; port: number };
  /** Counters: datagrams dropped because the UDP buffer was full. */
  stats(): { received: number; dropped: number; malformed: number; truncated: number };
}

export function build(config: SyslogConfig, buildCtx: BuildContext): SyslogSource {
  const sourceId = config.id ?? `syslog-${config.protocol}-${config.listen}`;
  const { host, port } = parseHostPort(config.listen);
  const counters = { received: 0, dropped: 0, malformed: 0, truncated: 0 };
  let listener: SyslogListener | undefined;
  let bound: { host: string; port: number } | undefined;
  let stopped = false;

  const eventOf =
    (ctx: SourceContext) =>
    (frame: Frame, peer: Peer, seq: number, received: Date): ShipperEvent => {
      const { doc, key, malformed, truncated } = frameToDocument(frame, peer, received, config.timezone, ctx);
      counters.received++;
      if (malformed) counters.malformed++;
      if (truncated) counters.truncated++;
      return {
        id: eventId(sourceId, `${peer.transport}:${peer.ip}:${peer.port}`, frame.data, received.getTime(), seq),
        doc,
        source: sourceId,
        key,
      };
    };

  const source: SyslogSource = {
    async start(ctx: SourceContext): Promise<void> {
      stopped = false;
      ctx.signal.addEventListener('abort', () => void source.stop(), { once: true });
      const common = {
        host,
        port,
        listen: config.listen,
        max: config.max_message_bytes,
        sourceId,
        log: buildCtx.log,
        toEvent: eventOf(ctx),
        emit: (events: ShipperEvent[]) => ctx.emit(events),
        stopped: () => stopped,
      };
      listener =
        config.protocol === 'udp'
          ? await listenUdp({ ...common, bufferEvents: config.udp_buffer_events, dropped: () => ++counters.dropped })
          : await listenTcp({ ...common, ...(config.tls ? { tls: tlsServerOptions(config.tls) } : {}) });
      bound = listener.address;
    },

    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      const l = listener;
      listener = undefined;
      await l?.close();
    },

    address() {
      if (!bound) throw new DriftwoodError('INTERNAL', 'syslog: address() before start()');
      return bound;
    },

    stats() {
      return { ...counters };
    },
  };
  return source;
}
