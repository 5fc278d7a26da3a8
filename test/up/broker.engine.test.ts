/**
 * The demo's Mosquitto (bin/up/demo/broker.ts) loses none of the IoT fleet's messages: not while
 * the shipper lags behind the 24 h backfill (Mosquitto's default queue of 1000 messages per client
 * drops the rest), and not across a Ctrl-C that stops the broker before the shipper has caught up.
 * Needs Mosquitto; without it skipped with one line, unless CI=true.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Broker, startBroker } from '../../bin/up/demo/broker.ts';
import { findMosquitto, skipWithout } from '../system.ts';
import { eventually } from './child.ts';

const skip = skipWithout('the demo broker tests', findMosquitto());

const MESSAGES = 3000;
const TOPIC = 'devices/sensor-01/telemetry';

/** A QoS 1 subscriber with a persistent session that can hold back its acknowledgements (like the shipper under load). */
async function subscriber(url: string, clientId: string, hold?: Promise<void>) {
  const seen = new Set<number>();
  // The handler is in place before the connection (as in the shipper's source): a resumed session's
  // messages can arrive in the same read as the CONNACK.
  const client: MqttClient = mqtt.connect(url, { clientId, clean: false, reconnectPeriod: 0, manualConnect: true });
  client.handleMessage = (packet, callback) => {
    seen.add(Number(JSON.parse(packet.payload.toString()).seq));
    if (hold) void hold.then(() => callback());
    else callback();
  };
  const connected = new Promise((resolve, reject) => {
    client.once('connect', resolve);
    client.once('error', reject);
  });
  client.connect();
  await connected;
  await client.subscribeAsync(TOPIC, { qos: 1 });
  return { client, seen };
}

async function publishAll(url: string): Promise<void> {
  const publisher = await mqtt.connectAsync(url, { clientId: `fleet-${process.pid}` });
  for (let seq = 0; seq < MESSAGES; seq++) await publisher.publishAsync(TOPIC, JSON.stringify({ seq }), { qos: 1 });
  await publisher.endAsync();
}

describe.skipIf(skip)('the demo broker', () => {
  let dir: string;
  const brokers: Broker[] = [];
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'driftwood-broker-'));
  });

  afterAll(async () => {
    for (const c of clients) await c.endAsync(true);
    for (const b of brokers) await b.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(`queues a ${MESSAGES}-message burst for a subscriber that is not keeping up`, async () => {
    const broker = await startBroker(path.join(dir, 'burst'));
    if (!broker) throw new Error('startBroker found no mosquitto');
    brokers.push(broker);
    let release = () => {};
    const hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const sub = await subscriber(broker.url, 'slow-shipper', hold);
    clients.push(sub.client);
    await publishAll(broker.url);
    release();
    await eventually(`all ${MESSAGES} delivered`, 20_000, async () => (sub.seen.size === MESSAGES ? true : undefined));
  }, 60_000);

  it('keeps what it queued for the shipper across a stop and a start on the same data dir', async () => {
    const dataDir = path.join(dir, 'restart');
    const first = await startBroker(dataDir);
    if (!first) throw new Error('startBroker found no mosquitto');
    brokers.push(first);
    const gone = await subscriber(first.url, 'driftwood-up'); // the session exists, the shipper is gone
    await gone.client.endAsync(true);
    await publishAll(first.url);
    await first.stop();

    const second = await startBroker(dataDir);
    if (!second) throw new Error('startBroker found no mosquitto');
    brokers.push(second);
    const back = await subscriber(second.url, 'driftwood-up');
    clients.push(back.client);
    await eventually(`all ${MESSAGES} delivered after the restart`, 20_000, async () =>
      back.seen.size === MESSAGES ? true : undefined,
    );
  }, 60_000);
});
