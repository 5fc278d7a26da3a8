import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionsFor } from '../config.ts';
import { LOOPBACK_EGRESS, loopbackConnections, type Receiver, startReceiver } from '../test-helpers.ts';
import { type ChannelOptions, postJson } from './channel.ts';
import type { LookupAll } from './egress.ts';
import { EgressPolicy } from './egress.ts';

/** An HTTP server counting every connection and request it gets, answering with `answer`. */
async function startServer(
  host: string,
  answer: (res: import('node:http').ServerResponse) => void = (res) => res.writeHead(200).end('ok'),
): Promise<{ server: Server; port: number; requests: string[]; connections: () => number; close(): Promise<void> }> {
  const requests: string[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.headers.host} ${req.url}`);
    req.resume();
    answer(res);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * Fault injector: a resolver that answers 127.0.0.1 for every name (a public-looking name whose
 * DNS points at loopback, as an attacker's zone can), counting its calls.
 */
function rebindingToLoopback(): LookupAll & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (host: string) => {
    calls.push(host);
    return [{ address: '127.0.0.1', family: 4 as const }];
  };
  return Object.assign(lookup, { calls });
}

const denyAll: ChannelOptions = { connections: { egress: new EgressPolicy() } };

async function hasIpv6Loopback(): Promise<boolean> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once('error', () => resolve(false));
    probe.listen(0, '::1', () => probe.close(() => resolve(true)));
  });
}

describe('postJson against a real HTTP receiver', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('5xx, 408 and 429 are retryable; other 4xx are not; an unreachable URL is retryable and shown redacted', async () => {
    for (const [status, retryable] of [
      [503, true],
      [429, true],
      [408, true],
      [404, false],
      [400, false],
    ] as const) {
      receiver.failNext(1, status);
      const result = await postJson(receiver.url, {}, {}, { connections: loopbackConnections() });
      expect(result).toMatchObject({ ok: false, retryable, error: expect.stringContaining(`HTTP ${status}`) });
    }
    const down = await postJson(
      'http://127.0.0.1:9/hook/secret-token?key=abc',
      {},
      {},
      {
        connections: loopbackConnections(),
        timeoutMs: 2000,
      },
    );
    expect(down).toMatchObject({ ok: false, retryable: true });
    expect(down.error).not.toContain('secret-token');
    expect(down.error).not.toContain('abc');
  });

  it('a failed answer keeps only its status line, never the body', async () => {
    const server = await startServer('127.0.0.1', (res) =>
      res.writeHead(500, 'Internal Server Error').end('{"elasticsearch":"cluster secrets here"}'),
    );
    try {
      const result = await postJson(
        `http://127.0.0.1:${server.port}/x`,
        {},
        {},
        { connections: loopbackConnections() },
      );
      expect(result).toEqual({ ok: false, retryable: true, error: 'HTTP 500 Internal Server Error' });
    } finally {
      await server.close();
    }
  });

  it('HTTPS is verified: the test CA from tls.ca_file is trusted, without it the certificate is refused', async () => {
    const tls = await startReceiver({ tls: true });
    try {
      const trusted = await postJson(tls.url, { a: 1 }, {}, { connections: loopbackConnections() });
      expect(trusted).toEqual({ ok: true, retryable: false });
      const untrusted = await postJson(
        tls.url,
        { a: 2 },
        {},
        { connections: connectionsFor({ egress: LOOPBACK_EGRESS }) },
      );
      expect(untrusted.ok).toBe(false);
      expect(untrusted.error).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|unable to verify/i);
      expect(tls.all).toHaveLength(1);
    } finally {
      await tls.close();
    }
  });

  it('HTTPS to a name connects to its checked address and verifies the certificate for the name', async () => {
    const tls = await startReceiver({ tls: true });
    try {
      const port = new URL(tls.url).port;
      const lookup = rebindingToLoopback();
      const connections = {
        egress: new EgressPolicy({ allow: ['127.0.0.1'] }, { lookup }),
        ca: loopbackConnections().ca,
      };
      // the certificate names mail.test: verified as mail.test although the socket goes to 127.0.0.1
      expect(await postJson(`https://mail.test:${port}/hook`, { n: 1 }, {}, { connections })).toEqual({
        ok: true,
        retryable: false,
      });
      expect(tls.all.at(-1)?.headers.host).toBe(`mail.test:${port}`);
      // a name the certificate does not carry is refused, whatever address it resolves to
      const wrong = await postJson(`https://hooks.example.com:${port}/hook`, { n: 2 }, {}, { connections });
      expect(wrong).toMatchObject({ ok: false, error: expect.stringMatching(/ERR_TLS_CERT_ALTNAME_INVALID/) });
      expect(tls.all).toHaveLength(1);
      expect(lookup.calls).toEqual(['mail.test', 'hooks.example.com']);
    } finally {
      await tls.close();
    }
  });
});

describe('the egress policy against real local servers (SSRF)', () => {
  let target: Awaited<ReturnType<typeof startServer>>;
  let ipv6: Awaited<ReturnType<typeof startServer>> | undefined;
  beforeAll(async () => {
    target = await startServer('127.0.0.1');
    if (await hasIpv6Loopback()) ipv6 = await startServer('::1');
  });
  afterAll(async () => {
    await target.close();
    await ipv6?.close();
  });

  const refused = async (url: string, options: ChannelOptions, reason: RegExp) => {
    const result = await postJson(url, { probe: true }, {}, { timeoutMs: 2000, ...options });
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(result.error).toMatch(reason);
  };

  it('refuses loopback by address, by localhost and as IPv6; the target sees no connection', async () => {
    await refused(
      `http://127.0.0.1:${target.port}/hook?token=abc`,
      denyAll,
      /^POST http:\/\/127\.0\.0\.1:\d+\/\[secret\]: egress denied: 127\.0\.0\.1 is loopback; allow it in alerting egress\.allow$/,
    );
    await refused(
      `http://localhost:${target.port}/hook`,
      denyAll,
      /egress denied: localhost resolves to .*, which is loopback/,
    );
    await refused(
      `http://[::ffff:127.0.0.1]:${target.port}/hook`,
      denyAll,
      /egress denied: .* is loopback \(as IPv6\)/,
    );
    if (ipv6) await refused(`http://[::1]:${ipv6.port}/hook`, denyAll, /egress denied: ::1 is loopback/);
    expect(target.connections()).toBe(0);
    expect(ipv6?.connections() ?? 0).toBe(0);
  });

  it('refuses the metadata endpoint, metadata names, private and CGNAT addresses without connecting', async () => {
    const started = Date.now();
    await refused('http://169.254.169.254/latest/meta-data/', denyAll, /169\.254\.169\.254 is link-local/);
    await refused('http://metadata.google.internal/computeMetadata/v1/', denyAll, /cloud metadata host/);
    await refused('http://10.1.2.3:9200/_search', denyAll, /10\.1\.2\.3 is private/);
    await refused('http://100.64.0.1/', denyAll, /is shared \(CGNAT\)/);
    await refused('http://[fd00:ec2::254]/', denyAll, /is private/);
    // refused before any connection attempt: no timeout was waited for
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a public-looking name that resolves to loopback is refused (resolved once, never connected)', async () => {
    const lookup = rebindingToLoopback();
    await refused(
      `http://hooks.example.com:${target.port}/hook`,
      { connections: { egress: new EgressPolicy({ allow: [] }, { lookup }) } },
      /egress denied: hooks\.example\.com resolves to 127\.0\.0\.1, which is loopback/,
    );
    expect(lookup.calls).toEqual(['hooks.example.com']);
    expect(target.connections()).toBe(0);
  });

  it('a redirect from an allowed server to loopback is not followed: the delivery fails, the loopback target sees nothing', async () => {
    const redirector = await startServer('127.0.0.1', (res) =>
      res.writeHead(302, 'Found', { location: `http://127.0.0.1:${target.port}/internal` }).end(),
    );
    try {
      const lookup = rebindingToLoopback();
      const options = { connections: { egress: new EgressPolicy({ allow: ['redirector.test'] }, { lookup }) } };
      const result = await postJson(`http://redirector.test:${redirector.port}/hook`, {}, {}, options);
      expect(result).toEqual({ ok: false, retryable: false, error: 'HTTP 302 Found (redirects are not followed)' });
      expect(redirector.requests).toHaveLength(1);
      expect(target.requests).toEqual([]);
      expect(target.connections()).toBe(0);
    } finally {
      await redirector.close();
    }
  });

  it('the same URLs work when allow-listed, connecting to the checked address with the Host of the URL', async () => {
    const allowed = (allow: string[], lookup?: LookupAll): ChannelOptions => ({
      connections: { egress: new EgressPolicy({ allow }, { lookup }) },
    });
    const ok = async (url: string, options: ChannelOptions) =>
      expect(await postJson(url, {}, {}, options)).toEqual({ ok: true, retryable: false });
    await ok(`http://127.0.0.1:${target.port}/a`, allowed(['127.0.0.1']));
    await ok(`http://localhost:${target.port}/b`, allowed(['127.0.0.0/8', '::1']));
    await ok(`http://localhost:${target.port}/c`, allowed(['localhost']));
    await ok(`http://[::ffff:127.0.0.1]:${target.port}/d`, allowed(['127.0.0.0/8']));
    if (ipv6) await ok(`http://[::1]:${ipv6.port}/e`, allowed(['::1']));
    const lookup = rebindingToLoopback();
    await ok(`http://hooks.example.com:${target.port}/f`, allowed(['127.0.0.1'], lookup));
    expect(lookup.calls).toEqual(['hooks.example.com']); // resolved once: the connection used the checked address
    expect(target.requests).toEqual([
      `POST 127.0.0.1:${target.port} /a`,
      `POST localhost:${target.port} /b`,
      `POST localhost:${target.port} /c`,
      `POST [::ffff:7f00:1]:${target.port} /d`,
      `POST hooks.example.com:${target.port} /f`,
    ]);
  });

  it('the default policy (no connections given) denies loopback too', async () => {
    const before = target.connections();
    await refused(`http://127.0.0.1:${target.port}/hook`, {}, /egress denied/);
    expect(target.connections()).toBe(before);
  });

  it('an action cannot set the Host or Content-Length the request makes itself', async () => {
    const options = { connections: { egress: new EgressPolicy({ allow: ['127.0.0.1'] }) } };
    const result = await postJson(`http://127.0.0.1:${target.port}/g`, {}, { Host: 'elasticsearch:9200' }, options);
    expect(result.ok).toBe(true);
    expect(target.requests.at(-1)).toBe(`POST 127.0.0.1:${target.port} /g`);
  });
});
