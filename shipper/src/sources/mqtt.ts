/**
 * mqtt source: subscribes to topics on an MQTT broker; each PUBLISH is one event.
 *
 * - Payload: a JSON object becomes the event's fields (`message` from `message`/`msg`, else the raw
 *   JSON; `@timestamp` from `@timestamp`/`timestamp`/`time` when it parses, else receive time);
 *   anything else is `message` (UTF-8, invalid bytes replaced). `mqtt.topic`, `mqtt.qos`,
 *   `mqtt.retain`, `mqtt.message_id`; `device.id` from a topic segment (`device_id_from_topic`,
 *   0-based: `devices/watch-7/telemetry` with 1 → `watch-7`).
 * - At-least-once: QoS 1 messages are acknowledged (PUBACK) only after `emit` resolved, i.e. the
 *   event is queued. mqtt.js calls `handleMessage` for one message at a time and sends the PUBACK
 *   when its callback runs, so the callback waits for `emit`; this is also the backpressure (the
 *   socket is not read meanwhile). If `emit` fails, the connection is dropped so the broker
 *   redelivers. With `clean: false` and a fixed `client_id`, the broker keeps the session (and
 *   un-acknowledged and queued messages) while the shipper is down and redelivers on reconnect.
 * - Ids and the dedupe window: an MQTT packet id is assigned by the broker per session and is
 *   reused (it is 16 bits), and a redelivery after a reconnect carries the same packet id and
 *   payload. So a QoS 1 event's id is sha256(source id, client id, topic, packet id, payload,
 *   receive-time bucket of `dedupe_window_seconds`): a redelivery inside the same window gets the
 *   same id (the store drops it); one that crosses a window boundary becomes a duplicate; two
 *   distinct messages with byte-identical payloads on the same topic that get the same packet id in
 *   the same window are collapsed into one (a payload with a time stamp or sequence number never
 *   is). QoS 0 messages are never redelivered: their id is sha256(source id, client id, topic,
 *   payload, receive time ms, per-connection sequence number).
 */
import { hostname } from 'node:os';
import { isPlainObject, type JsonValue, type LogDocument, printableUrl } from '@driftwood/core';
import { eventId } from '@driftwood/core/node';
import type { IClientOptions, IPublishPacket, MqttClient } from 'mqtt';
import { z } from 'zod';
import type { BuildContext, ShipperEvent, Source, SourceContext } from '../component.ts';
import { addShipperFields, objectToDoc } from './payload.ts';

export const type = 'mqtt';

export const configSchema = z
  .object({
    type: z.literal('mqtt').optional().describe('Component type: `mqtt`.'),
    id: z
      .string()
      .min(1)
      .optional()
      .describe('Source id used in acknowledgements and event ids; defaults to `mqtt-<url>`.'),
    url: z
      .string()
      .regex(/^(mqtts?|wss?|tcp|ssl):\/\//, 'url must start with mqtt://, mqtts://, ws:// or wss://')
      .describe('Broker URL, e.g. `mqtt://127.0.0.1:1883`.'),
    topics: z.array(z.string().min(1)).min(1).describe('Topic filters to subscribe to (`+` and `#` wildcards).'),
    qos: z
      .union([z.literal(0), z.literal(1)])
      .default(1)
      .describe('Subscription QoS: 1 (at least once, acknowledged after queueing) or 0 (at most once).'),
    client_id: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .describe('MQTT client id; defaults to `driftwood-<host>-<source id>`. Keep it fixed with `clean: false`.'),
    clean: z
      .boolean()
      .default(true)
      .describe('`false` keeps a persistent session: the broker holds messages while the shipper is away.'),
    username: z.string().optional().describe('Broker user name.'),
    password: z.string().optional().describe('Broker password.'),
    keepalive_seconds: z.number().int().min(0).default(30).describe('MQTT keep-alive interval.'),
    reconnect_ms: z.number().int().min(100).default(1_000).describe('Delay between reconnect attempts.'),
    protocol_version: z
      .union([z.literal(4), z.literal(5)])
      .default(4)
      .describe('MQTT 3.1.1 (4) or 5.'),
    device_id_from_topic: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('0-based topic segment to copy into `device.id`.'),
    dedupe_window_seconds: z
      .number()
      .int()
      .min(1)
      .default(600)
      .describe('Window in which a redelivered QoS 1 message gets the same id as its first delivery.'),
  })
  .strict();

export type MqttConfig = z.infer<typeof configSchema>;

export interface MqttSource extends Source {
  /** The underlying client (after `start`), for tests. */
  client(): MqttClient | undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** A payload → the event's document (before metadata). */
export function payloadToDoc(payload: Buffer, received: Date): LogDocument {
  const text = decoder.decode(payload);
  let parsed: unknown;
  if (text.trimStart().startsWith('{')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!isPlainObject(parsed)) return { '@timestamp': received.toISOString(), message: text };
  return objectToDoc(parsed, text, received);
}

export function build(config: MqttConfig, buildCtx: BuildContext): MqttSource {
  const sourceId = config.id ?? `mqtt-${config.url}`;
  const clientId =
    config.client_id ?? `driftwood-${hostname()}-${sourceId}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 128);
  let client: MqttClient | undefined;
  let stopped = false;
  let sequence = 0;

  const toEvent = (ctx: SourceContext, packet: IPublishPacket): ShipperEvent => {
    const received = new Date();
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : Buffer.from(packet.payload);
    const doc = payloadToDoc(payload, received);
    const mqttFields: { [key: string]: JsonValue } = { topic: packet.topic, qos: packet.qos, retain: packet.retain };
    if (packet.messageId !== undefined) mqttFields.message_id = packet.messageId;
    doc.mqtt = mqttFields;
    let deviceId: string | undefined;
    if (config.device_id_from_topic !== undefined) {
      deviceId = packet.topic.split('/')[config.device_id_from_topic];
      if (deviceId !== undefined && deviceId !== '') {
        doc.device = isPlainObject(doc.device) ? { ...doc.device, id: deviceId } : { id: deviceId };
      }
    }
    addShipperFields(doc, ctx, config.url);
    const id =
      packet.qos > 0 && packet.messageId !== undefined
        ? eventId(
            sourceId,
            clientId,
            packet.topic,
            packet.messageId,
            payload,
            Math.floor(received.getTime() / (config.dedupe_window_seconds * 1000)),
          )
        : eventId(sourceId, clientId, packet.topic, payload, received.getTime(), sequence++);
    return { id, doc, source: sourceId, key: deviceId || packet.topic, position: packet.messageId };
  };

  const source: MqttSource = {
    async start(ctx: SourceContext): Promise<void> {
      stopped = false;
      ctx.signal.addEventListener('abort', () => void source.stop(), { once: true });
      const options: IClientOptions = {
        clientId,
        clean: config.clean,
        keepalive: config.keepalive_seconds,
        reconnectPeriod: config.reconnect_ms,
        protocolVersion: config.protocol_version,
        manualConnect: true,
        ...(config.username === undefined ? {} : { username: config.username }),
        ...(config.password === undefined ? {} : { password: config.password }),
      };
      // Loaded on first use: shippers without an mqtt input don't pay for the client.
      const { default: mqtt } = await import('mqtt');
      const c = mqtt.connect(config.url, options);
      client = c;
      // Called one message at a time; PUBACK (QoS 1) goes out when `callback` runs.
      c.handleMessage = (packet, callback) => {
        let event: ShipperEvent;
        try {
          event = toEvent(ctx, packet);
        } catch (error) {
          buildCtx.log.error('mqtt: could not build an event, skipping it', {
            topic: packet.topic,
            error: String(error),
          });
          callback();
          return;
        }
        ctx.emit([event]).then(
          () => callback(),
          (error: unknown) => {
            if (stopped) return;
            // Not acknowledged: drop the connection so the broker redelivers after the reconnect.
            buildCtx.log.error('mqtt: emit failed, reconnecting for redelivery', {
              source: sourceId,
              error: String(error),
            });
            c.stream?.destroy();
          },
        );
      };
      c.on('error', (error) => {
        if (!stopped) buildCtx.log.warn('mqtt: client error', { source: sourceId, error: String(error) });
      });
      let subscribed = false;
      const ready = new Promise<void>((resolve) => {
        c.on('connect', () => {
          // Once: after a reconnect mqtt.js resubscribes by itself when the broker kept no session.
          if (subscribed) return;
          subscribed = true;
          c.subscribe(config.topics, { qos: config.qos }, (error, granted) => {
            if (error) buildCtx.log.error('mqtt: subscribe failed', { source: sourceId, error: String(error) });
            for (const g of granted ?? []) {
              if (g.qos === 128) buildCtx.log.error('mqtt: subscription refused', { source: sourceId, topic: g.topic });
            }
            resolve();
          });
        });
      });
      c.connect();
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000).unref());
      if ((await Promise.race([ready, timeout])) === 'timeout') {
        buildCtx.log.warn('mqtt: broker not reachable yet, still trying', {
          source: sourceId,
          url: printableUrl(config.url),
        });
      }
    },

    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      const c = client;
      client = undefined;
      // Forced: messages whose emit is pending stay un-acknowledged, so the broker redelivers them.
      if (c) await new Promise<void>((resolve) => c.end(true, {}, () => resolve()));
    },

    client: () => client,
  };
  return source;
}
