import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { engine } from './use.ts';

const mosquitto = engine('mosquitto');

describe.skipIf(!mosquitto)('Mosquitto engine (real)', () => {
  it('publishes and receives a message with QoS 1', async () => {
    const subscriber = await mqtt.connectAsync(mosquitto!.url, { clientId: `sub-${process.pid}` });
    const publisher = await mqtt.connectAsync(mosquitto!.url, { clientId: `pub-${process.pid}` });
    const received = new Promise<{ topic: string; payload: string }>((resolve) => {
      subscriber.on('message', (topic, payload) => resolve({ topic, payload: payload.toString() }));
    });
    await subscriber.subscribeAsync('devices/+/telemetry', { qos: 1 });
    await publisher.publishAsync('devices/watch-7/telemetry', JSON.stringify({ battery: 81 }), { qos: 1 });
    console.log(`smoke: mosquitto ${mosquitto!.version} at ${mosquitto!.url}`);
    expect(await received).toEqual({ topic: 'devices/watch-7/telemetry', payload: '{"battery":81}' });
    await Promise.all([subscriber.endAsync(), publisher.endAsync()]);
  });
});
