import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDriftwoodError } from './errors.ts';
import {
  browserHeader,
  formatHostPort,
  ipVersion,
  isIp,
  isIpv4,
  isIpv6,
  isLoopbackHost,
  isLoopbackHostHeader,
  parseHostPort,
  printableText,
  printableUrl,
  withoutUserinfo,
} from './net.ts';

describe('isIp', () => {
  it('accepts IPv4 and IPv6 addresses', () => {
    for (const ip of ['10.0.0.1', '0.0.0.0', '255.255.255.255', '192.168.1.10']) expect(isIpv4(ip), ip).toBe(true);
    for (const ip of ['::1', '::', '2001:db8::1', '::ffff:10.0.0.1', '1:2:3:4:5:6:7:8', '1::'])
      expect(isIpv6(ip), ip).toBe(true);
    expect(ipVersion('10.1.2.3')).toBe(4);
    expect(ipVersion('[2001:db8::1]')).toBe(6);
  });

  it('takes zone ids only when asked, brackets only in ipVersion', () => {
    expect(isIp('fe80::1%eth0')).toBe(false);
    expect(isIp('fe80::1%eth0', { zone: true })).toBe(true);
    expect(isIpv6('fe80::1%eth0', { zone: true })).toBe(true);
    expect(ipVersion('fe80::1%eth0')).toBe(6);
    expect(isIp('[::1]')).toBe(false);
    expect(ipVersion('[::1]')).toBe(6);
    expect(ipVersion('[10.0.0.1]')).toBe(0);
  });

  it('rejects what is not an address', () => {
    for (const bad of [
      '',
      '256.0.0.1',
      '1.2.3',
      '01.2.3.4',
      '1.2.3.4.5',
      'host',
      ':::',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '12345::',
      'g::1',
      '::ffff:10.0.0',
      ':1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:',
      'fe80::1%',
      '10.0.0.256',
      'abc',
      '2001:db8:::1',
      `${'1:'.repeat(40)}1`,
    ])
      expect(isIp(bad), bad).toBe(false);
    expect(ipVersion('nope')).toBe(0);
  });
});

describe('ipVersion agrees with node:net isIP (the indexer used it before)', () => {
  it('on random address-like text', () => {
    const chars = fc.constantFrom(...'0123456789abcdefF:.%:::..'.split(''));
    const prefix = fc.constantFrom('', '::', '1::', '::ffff:', 'fe80::', '1:2:3:4:5:6:7:', '1:2:3:4:5:6:', '10.0.');
    fc.assert(
      fc.property(prefix, fc.array(chars, { maxLength: 24 }), (p, cs) => {
        const text = p + cs.join('');
        expect(ipVersion(text)).toBe(isIP(text.startsWith('[') ? text.slice(1, -1) : text));
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('parseHostPort', () => {
  it('reads host:port, [v6]:port, :port and port', () => {
    expect(parseHostPort('127.0.0.1:5514')).toEqual({ host: '127.0.0.1', port: 5514 });
    expect(parseHostPort('logs.example.com:9200')).toEqual({ host: 'logs.example.com', port: 9200 });
    expect(parseHostPort('[::1]:8080')).toEqual({ host: '::1', port: 8080 });
    expect(parseHostPort(':9280')).toEqual({ host: '0.0.0.0', port: 9280 });
    expect(parseHostPort('9280')).toEqual({ host: '127.0.0.1', port: 9280 });
    expect(parseHostPort('9280', { host: '::' })).toEqual({ host: '::', port: 9280 });
    expect(parseHostPort('localhost:0')).toEqual({ host: 'localhost', port: 0 });
    expect(parseHostPort('broker', { port: 9092 })).toEqual({ host: 'broker', port: 9092 });
    expect(parseHostPort('[::1]', { port: 9092 })).toEqual({ host: '::1', port: 9092 });
  });

  it('throws CONFIG_INVALID with the text for anything else', () => {
    for (const bad of [
      '',
      'host',
      'host:',
      'host:99999',
      'host:port',
      '::1:80',
      '[::1',
      '[nope]:80',
      'a b:1',
      '[::1]x',
    ])
      expect(() => parseHostPort(bad), bad).toThrow(/expected host:port/);
    try {
      parseHostPort('x:70000');
    } catch (error) {
      expect(isDriftwoodError(error, 'CONFIG_INVALID')).toBe(true);
      expect((error as Error).message).toContain('"x:70000"');
    }
  });

  it('formats back', () => {
    expect(formatHostPort({ host: '::1', port: 80 })).toBe('[::1]:80');
    expect(formatHostPort(parseHostPort('10.0.0.1:9200'))).toBe('10.0.0.1:9200');
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback listen hosts; all interfaces are not loopback', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '10.0.0.1', 'indexer', '128.0.0.1', '::ffff:10.0.0.1'])
      expect(isLoopbackHost(h), h).toBe(false);
  });
});

describe('isLoopbackHostHeader', () => {
  it('knows loopback names only, with any port', () => {
    for (const h of ['[::1]', '[::1]:8080', '127.0.0.1:', '127.9.9.9:9280', 'localhost', 'LocalHost.:80'])
      expect(isLoopbackHostHeader(h), h).toBe(true);
    for (const h of ['[::2]:80', '0.0.0.0:9280', '127.0.0.1.evil.example', 'localhost.evil.example:9280', '10.0.0.1'])
      expect(isLoopbackHostHeader(h), h).toBe(false);
  });
});

describe('browserHeader', () => {
  it('names the header that marks a browser; Node fetch and curl carry none', () => {
    expect(browserHeader({ origin: 'https://evil.example' })).toBe('Origin');
    expect(browserHeader({ 'sec-fetch-site': 'cross-site' })).toBe('Sec-Fetch-Site: cross-site');
    expect(browserHeader({ 'sec-fetch-site': 'same-site' })).toBe('Sec-Fetch-Site: same-site');
    expect(browserHeader({ 'sec-fetch-site': 'none' })).toBeUndefined();
    expect(browserHeader({ 'sec-fetch-site': 'same-origin' })).toBeUndefined();
    expect(browserHeader({})).toBeUndefined();
  });
});

describe('URLs without secrets', () => {
  it('withoutUserinfo removes user and password, keeping the rest of the text as written', () => {
    expect(withoutUserinfo('https://admin:secret@es.example:9200')).toBe('https://es.example:9200');
    expect(withoutUserinfo('https://admin:secret@es.example:9200/x?y=1')).toBe('https://es.example:9200/x?y=1');
    expect(withoutUserinfo('http://token@h/')).toBe('http://h/');
    expect(withoutUserinfo('http://u:p@ss@h:1/')).toBe('http://h:1/');
    expect(withoutUserinfo('http://u:%40pw@h')).toBe('http://h');
    expect(withoutUserinfo('http://[::1]:9200')).toBe('http://[::1]:9200');
    expect(withoutUserinfo('https://h.example/users/@me')).toBe('https://h.example/users/@me');
    expect(withoutUserinfo('http://127.0.0.1:9200')).toBe('http://127.0.0.1:9200');
    // a password holding `/` or `#` does not parse: everything up to the last `@` goes
    expect(withoutUserinfo('http://u:pa/ss@h:9200')).toBe('http://h:9200');
    expect(withoutUserinfo('http://u:pa#ss@h:9200')).toBe('http://h:9200');
    expect(withoutUserinfo('admin:secret@h:9200')).toBe('h:9200');
  });

  it('printableUrl also hides secret query parameters', () => {
    expect(printableUrl('https://u:p@h/x?password=hunter2&size=5&token=t0k#frag')).toBe(
      'https://h/x?password=[secret]&size=5&token=[secret]#frag',
    );
    expect(printableUrl('http://h/?access_token=a&api_key=b&apiKey=c&X-Amz-Signature=d&q=ok&pwd=e&key')).toBe(
      'http://h/?access_token=[secret]&api_key=[secret]&apiKey=[secret]&X-Amz-Signature=[secret]&q=ok&pwd=[secret]&key',
    );
    expect(printableUrl('http://h/?pass%77ord=x')).toBe('http://h/?pass%77ord=[secret]');
    expect(printableUrl('http://h:9200/_bulk')).toBe('http://h:9200/_bulk');
  });

  it('printableText makes every URL in a message printable', () => {
    expect(printableText('cannot reach https://admin:s3cret@es:9200/ (ECONNREFUSED); try http://a:b@c?token=x.')).toBe(
      'cannot reach https://es:9200/ (ECONNREFUSED); try http://c?token=[secret]',
    );
    expect(printableText('no url here: a@b')).toBe('no url here: a@b');
  });

  it('never leaves a password in any URL-like text (fuzz)', () => {
    const piece = fc.constantFrom('a', 'b', ':', '/', '@', '?', '#', '.', '%', '[', ']', '&', '=', '\\');
    const text = fc.array(piece, { maxLength: 8 }).map((c) => c.join(''));
    // userinfo ends at the first `/`, `?`, `#` or `\\`: past one, the text is a path, not a password
    const userinfo = text.map((t) => t.replace(/[/?#\\]/g, ''));
    fc.assert(
      fc.property(userinfo, userinfo, text, text, (user, extra, host, rest) => {
        const url = `https://${user.replaceAll('@', '')}:PASS${extra}WORD@${host}${rest}`;
        for (const shown of [withoutUserinfo(url), printableUrl(url), printableText(`x ${url} y`)]) {
          expect(shown).not.toContain('PASS');
          expect(shown).not.toContain('WORD');
        }
        expect(printableUrl(`https://h/${rest.replace(/[?#]/g, '')}?token=PASSWORD`)).not.toContain('PASSWORD');
      }),
      { numRuns: 2000 },
    );
  });
});

/** The regex the logger redacted with before it became a scanner (quadratic time): what must be gone. */
const regexRedact = (text: string): string => text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s@"']*@/gi, '$1');

describe('printableText on log lines (the logger redacts every message with it)', () => {
  it('removes the userinfo of every URL in a text', () => {
    expect(printableText('a https://admin:hunter2@10.0.0.1:9200/x and mqtt://me:pw@broker:1883 b')).toBe(
      'a https://10.0.0.1:9200/x and mqtt://broker:1883 b',
    );
  });
  it('keeps text without a URL userinfo as it is, and handles URLs glued together', () => {
    expect(printableText('')).toBe('');
    expect(printableText('no url here: a@b, x://, //@')).toBe('no url here: a@b, x://, //@');
    // the scheme found from its own letters on: `_http://u:p@h` loses its userinfo too
    expect(printableText('_http://u:p@h no word boundary')).toBe('_http://h no word boundary');
    expect(printableText('x-y.z+http://u:p@h')).toBe('x-y.z+http://h');
    expect(printableText('http://a://u:p@h')).toBe('http://a://h');
    expect(printableText('git+ssh://git@github.com:x/y "s3://k:s@b"')).toBe('git+ssh://github.com:x/y "s3://b"');
    expect(printableText('HTTP://A:B@h 1http://u@h')).toBe('HTTP://h 1http://h');
  });

  it('removes at least what the former regex removed, on texts made of URL-like pieces', () => {
    const piece = fc.constantFrom(
      'a',
      'Z',
      '1',
      '_',
      '+',
      '.',
      '-',
      ':',
      '/',
      '://',
      '@',
      ' ',
      '\t',
      '\u00a0',
      '"',
      "'",
      'http',
      'x://u:PW@',
      'PW',
      '?token=PW',
      'é',
      '\n',
    );
    const text = fc.array(piece, { maxLength: 30 }).map((parts) => parts.join(''));
    const secrets = (t: string) => t.split('PW').length - 1;
    fc.assert(
      fc.property(text, (t) => {
        // no password the regex took out is left, whatever else is shown
        expect(secrets(printableText(t))).toBeLessThanOrEqual(secrets(regexRedact(t)));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: 'binary' }), (t) => {
        const shown = printableText(t);
        expect(shown.split('@').length).toBeLessThanOrEqual(regexRedact(t).split('@').length);
      }),
      { numRuns: 1000 },
    );
  });

  it('takes linear time: 100,000 characters of adversarial text in under 50 ms', () => {
    const inputs = [
      'a.'.repeat(50_000),
      'a'.repeat(100_000),
      `${'a'.repeat(99_990)}://`,
      `http://${'a'.repeat(99_990)}`,
      'a://'.repeat(25_000),
      'a://@'.repeat(20_000),
    ];
    for (const input of inputs) {
      // the fastest of three: a loaded machine's pauses only make a run slower
      let ms = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run++) {
        const started = performance.now();
        printableText(input);
        ms = Math.min(ms, performance.now() - started);
      }
      expect(ms, `${input.slice(0, 12)}… took ${ms.toFixed(1)} ms`).toBeLessThan(50);
    }
  });
});
