import { describe, expect, it } from 'vitest';
import { getPipeline } from './index.ts';

const receivedAt = new Date('2026-11-25T12:00:00Z');

describe('iot pipeline', () => {
  const p = getPipeline('iot');
  it('JSON telemetry', () => {
    expect(
      p.parse(
        '{"deviceId":"drone-7","fw":"2.4.1","battery":63,"temp":31.2,"lat":52.52,"lon":13.405,"ts":1764064800,"alt":120}',
        { receivedAt },
      ),
    ).toMatchObject({
      '@timestamp': '2025-11-25T10:00:00.000Z',
      device: { id: 'drone-7', firmware: '2.4.1', battery: { pct: 63 }, temperature: { c: 31.2 } },
      geo: { location: { lat: 52.52, lon: 13.405 }, altitude: 120 },
      event: { dataset: 'iot' },
    });
  });
  it('key=value telemetry after a time stamp', () => {
    expect(
      p.parse(
        '2026-11-25T10:00:00Z device=th-042 firmware=1.2.3 battery=87% temp_f=70.7 location="48.85,2.35" level=warn',
        { receivedAt },
      ),
    ).toMatchObject({
      '@timestamp': '2026-11-25T10:00:00.000Z',
      device: { id: 'th-042', firmware: '1.2.3', battery: { pct: 87 }, temperature: { c: 21.5 } },
      geo: { location: { lat: 48.85, lon: 2.35 } },
      log: { level: 'warn' },
    });
  });
});
