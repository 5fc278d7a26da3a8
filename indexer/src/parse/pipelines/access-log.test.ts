import { getField } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { accessLatencyNs, parseAccessLine } from './access-log.ts';

const COMBINED =
  '203.0.113.7 - - [10/Oct/2024:13:55:36 +0000] "GET /products/42 HTTP/1.1" 200 5120 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"';

describe('access-log latency → event.duration (ECS: nanoseconds)', () => {
  it("reads nginx's $request_time (seconds, three decimals) after the combined fields", () => {
    const doc = parseAccessLine(`${COMBINED} 0.123`, 'nginx.access');
    expect(getField(doc ?? {}, 'event.duration')).toBe(123_000_000);
    expect(Number.isInteger(getField(doc ?? {}, 'event.duration'))).toBe(true);
  });

  it('reads rt= / request_time= keys, and skips quoted extras such as $http_x_forwarded_for', () => {
    expect(
      getField(parseAccessLine(`${COMBINED} "198.51.100.1" rt=1.5 urt=1.2`, 'nginx.access') ?? {}, 'event.duration'),
    ).toBe(1_500_000_000);
    expect(getField(parseAccessLine(`${COMBINED} request_time=0.004`, 'nginx.access') ?? {}, 'event.duration')).toBe(
      4_000_000,
    );
    expect(getField(parseAccessLine(`${COMBINED} "0.9" 0.250`, 'nginx.access') ?? {}, 'event.duration')).toBe(
      250_000_000,
    );
  });

  it("reads Apache's %D (whole microseconds), in common and combined lines", () => {
    expect(getField(parseAccessLine(`${COMBINED} 48213`, 'apache.access') ?? {}, 'event.duration')).toBe(48_213_000);
    const common = '192.0.2.5 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 1042';
    expect(getField(parseAccessLine(common, 'apache.access') ?? {}, 'event.duration')).toBe(1_042_000);
  });

  it('sets no duration when the line carries none, or something that is not a number', () => {
    expect(getField(parseAccessLine(COMBINED, 'nginx.access') ?? {}, 'event.duration')).toBeUndefined();
    expect(getField(parseAccessLine(`${COMBINED} "-" abc`, 'nginx.access') ?? {}, 'event.duration')).toBeUndefined();
    expect(accessLatencyNs('rt=-')).toBeUndefined();
    expect(accessLatencyNs('"unterminated 0.5')).toBeUndefined();
  });

  it('scans a hostile extra in linear time', () => {
    const hostile = `${'"\\'.repeat(200_000)} ${'9'.repeat(50)}`;
    const t = performance.now();
    expect(accessLatencyNs(hostile)).toBeUndefined();
    expect(performance.now() - t).toBeLessThan(500);
  });
});
