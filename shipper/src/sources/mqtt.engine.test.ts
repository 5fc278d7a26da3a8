import { tmpdir } from 'node:os';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { engine } from '../../../test/engines/use.ts';
import type { ShipperEvent } from '../component.ts';
import { withDoc } from '../pipeline.ts';
import { build, configSchema, type MqttSource } from './mqtt.ts';
import { recordingContext, silentLog, waitFor } from './test-context.ts';

const mosquitto = engine('mosquitto');
/** A broker round trip on a busy machine. */
const MQTT_WAIT_MS = 15_000;
const started: MqttSource[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function startSource(config: Record<string, unknown>, emitDelay?: () => Promise<void>) {
  const source = build(configSchema.parse({ type: 'mqtt', url: mosquitto!.url, ...config }), {
    dataDir: tmpdir(),
    log: silentLog,
  });
  const state = recordingContext(emitDelay);
  await source.start(state.ctx);
  started.push(source);
  return Object.assign(state, { source });
}

describe.skipIf(!mosquitto)('mqtt source against a real Mosquitto', () => {
  it('subscribes, parses JSON payloads, takes device.id from the topic', async () => {
    const run = `t${Date.now()}`;
    const s = await startSource({ topics: [`${run}/devices/+/telemetry`], device_id_from_topic: 2 });
    const pub = await mqtt.connectAsync(mosquitto!.url, { clientId: `pub-${run}` });
    await pub.publishAsync(`${run}/devices/watch-7/telemetry`, '{"battery":81,"msg":"low battery"}', { qos: 1 });
    await pub.publishAsync(`${run}/devices/drone-2/telemetry`, 'plain text', { qos: 0 });
    await pub.endAsync();
    await waitFor(() => s.events.length === 2, MQTT_WAIT_MS);
    const [a, b] = s.events as [ShipperEvent, ShipperEvent];
    expect(a.doc).toMatchObject({
      message: 'low battery',
      battery: 81,
      device: { id: 'watch-7' },
      mqtt: { topic: `${run}/devices/watch-7/telemetry`, qos: 1, retain: false },
      host: { name: 'shipper-host' },
      agent: { id: 'agent-1' },
      log: { source: { address: mosquitto!.url } },
    });
    expect(a.key).toBe('watch-7');
    expect(b.doc).toMatchObject({ message: 'plain text', device: { id: 'drone-2' }, mqtt: { qos: 0 } });
  });

  it('does not lose QoS 1 messages when the shipper dies before queueing: the broker redelivers', async () => {
    const run = `r${Date.now()}`;
    const topic = `${run}/logs`;
    const clientId = `shipper-${run}`;
    const config = { topics: [topic], client_id: clientId, clean: false, qos: 1 };
    // First subscriber: registers the persistent session, then hangs in emit (a slow queue).
    const never = new Promise<void>(() => {});
    const first = await startSource(config, () => never);
    const pub = await mqtt.connectAsync(mosquitto!.url, { clientId: `pub-${run}` });
    const total = 50;
    for (let i = 0; i < total; i++)
      await pub.publishAsync(topic, JSON.stringify({ message: `m${i}`, seq: i }), { qos: 1 });
    await waitFor(() => first.emits === 1, MQTT_WAIT_MS);
    // One message is in emit, the rest wait (not acknowledged). Kill the subscriber now.
    await first.source.stop();
    started.splice(started.indexOf(first.source), 1);
    expect(first.events).toHaveLength(0);
    // More messages arrive while the shipper is down: the broker queues them for the session.
    for (let i = total; i < total + 10; i++)
      await pub.publishAsync(topic, JSON.stringify({ message: `m${i}`, seq: i }), { qos: 1 });
    await pub.endAsync();

    // Restart with the same client id and clean: false.
    const second = await startSource(config);
    await waitFor(() => second.events.length >= total + 10, MQTT_WAIT_MS);
    const seqs = second.events.map((e) => e.doc.seq as number);
    expect(new Set(seqs).size).toBe(total + 10);
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: total + 10 }, (_, i) => i));
    // The message that was in emit when the first subscriber died was redelivered.
    expect(second.events.find((e) => e.doc.seq === 0)).toBeDefined();
    // Nothing further arrives (everything was acknowledged this time).
    await new Promise((r) => setTimeout(r, 300));
    expect(second.events).toHaveLength(total + 10);
  });

  it('gives a redelivered QoS 1 message the same id as its first delivery', async () => {
    const run = `i${Date.now()}`;
    const topic = `${run}/logs`;
    const config = { topics: [topic], client_id: `shipper-${run}`, clean: false, qos: 1 };
    let captured: ShipperEvent[] = [];
    const never = new Promise<void>(() => {});
    const first = build(configSchema.parse({ url: mosquitto!.url, ...config }), { dataDir: tmpdir(), log: silentLog });
    const ctx = recordingContext().ctx;
    await first.start({
      ...ctx,
      emit: async (events) => {
        captured = events.map(withDoc);
        await never;
      },
    });
    const pub = await mqtt.connectAsync(mosquitto!.url, { clientId: `pub-${run}` });
    await pub.publishAsync(topic, '{"message":"only once"}', { qos: 1 });
    await waitFor(() => captured.length === 1, MQTT_WAIT_MS);
    await first.stop();
    await pub.endAsync();
    const second = await startSource(config);
    await waitFor(() => second.events.length === 1, MQTT_WAIT_MS);
    expect(second.events[0]?.id).toBe(captured[0]?.id);
    expect(second.events[0]?.doc.message).toBe('only once');
  });
});
