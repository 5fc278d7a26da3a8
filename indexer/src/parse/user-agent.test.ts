import { describe, expect, it } from 'vitest';
import { parseUserAgent } from './user-agent.ts';

describe('user_agent', () => {
  it.each([
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
      'Chrome',
      '124.0.0.0',
      'Windows',
      'Other',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51',
      'Edge',
      '124.0.2478.51',
      'Windows',
      'Other',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
      'Safari',
      '17.1',
      'Mac OS X',
      'Mac',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
      'Mobile Safari',
      '17.1',
      'iOS',
      'iPhone',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
      'Chrome Mobile',
      '124.0.0.0',
      'Android',
      'Pixel 7',
    ],
    [
      'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
      'Firefox',
      '125.0',
      'Ubuntu',
      'Other',
    ],
    [
      'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      'Googlebot',
      '2.1',
      undefined,
      'Spider',
    ],
    ['curl/8.4.0', 'curl', '8.4.0', undefined, 'Other'],
    ['python-requests/2.31.0', 'Python Requests', '2.31.0', undefined, 'Other'],
  ])('%s', (ua, name, version, os, device) => {
    const info = parseUserAgent(ua);
    expect(info.name).toBe(name);
    expect(info.version).toBe(version);
    expect(info.os?.name).toBe(os);
    expect(info.device.name).toBe(device);
  });
});
