/**
 * An IoT fleet — sensors, drones, watches and phones — publishing telemetry and firmware events
 * to an MQTT broker that the shipper subscribes to.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { between, chance, pick } from './random.ts';

interface Device {
  id: string;
  kind: 'sensor' | 'drone' | 'watch' | 'phone';
  firmware: string;
  battery: number;
  temperature: number;
  lat: number;
  lon: number;
}

function fleet(): Device[] {
  const devices: Device[] = [];
  const kinds: Device['kind'][] = [
    'sensor',
    'sensor',
    'sensor',
    'drone',
    'drone',
    'watch',
    'watch',
    'watch',
    'phone',
    'phone',
  ];
  kinds.forEach((kind, i) => {
    devices.push({
      id: `${kind}-${String(i + 1).padStart(2, '0')}`,
      kind,
      firmware: pick(['2.3.1', '2.4.0', '2.4.1']),
      battery: between(40, 100),
      temperature: between(18, 35),
      lat: 47.37 + between(-0.05, 0.05),
      lon: 8.54 + between(-0.05, 0.05),
    });
  });
  return devices;
}

export class IotDemo {
  private readonly devices = fleet();
  private client?: MqttClient;
  private readonly url: string;

  constructor(brokerUrl: string) {
    this.url = brokerUrl;
  }

  async connect(): Promise<void> {
    this.client = await mqtt.connectAsync(this.url, { clientId: `driftwood-demo-fleet-${process.pid}` });
  }

  private payload(device: Device, ms: number): { topic: string; body: Record<string, unknown> } {
    device.battery = Math.max(0, device.battery - between(0, device.kind === 'drone' ? 0.8 : 0.1));
    if (device.battery < 5) device.battery = 100; // recharged
    device.temperature += between(-0.5, device.kind === 'drone' ? 0.9 : 0.5);
    device.temperature = Math.min(Math.max(device.temperature, 10), 85);
    device.lat += between(-0.001, 0.001);
    device.lon += between(-0.001, 0.001);
    const base = {
      '@timestamp': new Date(ms).toISOString(),
      device: { id: device.id, type: device.kind, firmware: device.firmware },
      battery: Math.round(device.battery * 10) / 10,
      temperature: Math.round(device.temperature * 10) / 10,
      location: { lat: Math.round(device.lat * 1e5) / 1e5, lon: Math.round(device.lon * 1e5) / 1e5 },
    };
    if (chance(0.02)) {
      return {
        topic: `devices/${device.id}/events`,
        body: {
          ...base,
          level: 'error',
          message: pick([
            `firmware ${device.firmware} update failed: checksum mismatch`,
            'GPS fix lost',
            'sensor read timeout on I2C bus 1',
            `battery critical at ${Math.round(device.battery)}%`,
          ]),
        },
      };
    }
    const message = device.temperature > 70 ? `temperature high: ${base.temperature} C` : 'telemetry';
    return {
      topic: `devices/${device.id}/telemetry`,
      body: { ...base, level: device.temperature > 70 ? 'warn' : 'info', message },
    };
  }

  private async publish(ms: number, device: Device): Promise<void> {
    const { topic, body } = this.payload(device, ms);
    await this.client?.publishAsync(topic, JSON.stringify(body), { qos: 1 });
  }

  async backfill(nowMs: number): Promise<number> {
    let n = 0;
    for (let t = nowMs - 24 * 3_600_000; t < nowMs - 60_000; t += 120_000) {
      for (const device of this.devices) {
        await this.publish(t + between(0, 60_000), device);
        n++;
      }
    }
    return n;
  }

  async tick(nowMs: number): Promise<void> {
    for (const device of this.devices) if (chance(0.3)) await this.publish(nowMs, device);
  }

  /**
   * Waits (briefly) for the broker to acknowledge what is in flight, then closes the connection
   * anyway: when the broker is gone (Ctrl-C in a terminal signals Mosquitto too) a graceful end
   * would wait for ever.
   */
  async close(graceMs = 2000): Promise<void> {
    const client = this.client;
    if (!client) return;
    const ended = await Promise.race([
      client.endAsync().then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), graceMs).unref()),
    ]);
    if (!ended) await client.endAsync(true);
  }
}
