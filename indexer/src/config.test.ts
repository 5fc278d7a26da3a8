import { describe, expect, it } from 'vitest';
import { authModeFor, DEFAULT_LISTEN, parseConfig, parseConfigText, parseListen } from './config.ts';

describe('indexer config', () => {
  it('applies defaults and freezes', () => {
    const c = parseConfigText('');
    expect(c.listen).toBe(DEFAULT_LISTEN);
    expect(c.max_body_bytes).toBe(100 * 1024 * 1024);
    expect(c.api_keys).toEqual([]);
    expect(c.dead_letter).toMatchObject({ enabled: true, dataset: 'driftwood.deadletter' });
    expect(c.retry.attempts).toBeGreaterThan(1);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.retry)).toBe(true);
  });

  it('accepts the full shape, pipelines as a map or a list', () => {
    const c = parseConfigText(
      [
        'listen: 0.0.0.0:9200',
        'api_keys: [abcdefgh12345678]',
        'pipelines:',
        '  "nginx-*": nginx',
        '  "logs-app*": json',
        'kafka:',
        '  brokers: [127.0.0.1:9092]',
        '  topics: [logs]',
        'store: { type: embedded, data: ./data }',
      ].join('\n'),
    );
    expect(c.pipelines).toEqual([
      { index: 'nginx-*', pipeline: 'nginx' },
      { index: 'logs-app*', pipeline: 'json' },
    ]);
    expect(c.kafka).toMatchObject({ group: 'driftwood-indexer', batch_size: 1000 });
    const l = parseConfigText('pipelines:\n  - { index: "a*", pipeline: syslog }\n');
    expect(l.pipelines).toEqual([{ index: 'a*', pipeline: 'syslog' }]);
  });

  it('rejects unknown keys naming the key, the file, line and column, with a did-you-mean', () => {
    expect(() => parseConfigText('listen: 127.0.0.1:9280\nmax_body_bytez: 10\n', 'indexer.yml')).toThrow(
      'indexer.yml:2:1: max_body_bytez: unknown key `max_body_bytez` (did you mean `max_body_bytes`?)',
    );
    expect(() => parseConfigText('retry:\n  attempts: 3\n  jitter: true\n', 'x.yml')).toThrow(
      /x\.yml:3:3: retry\.jitter: unknown key `jitter`/,
    );
    expect(() => parseConfigText('kafka:\n  brokers: [a:1]\n  topics: [t]\n  grup: g\n', 'k.yml')).toThrow(
      /k\.yml:4:3: kafka\.grup: unknown key `grup` \(did you mean `group`\?\)/,
    );
  });

  it('reports every issue, not just the first', () => {
    let message = '';
    try {
      parseConfigText('listen: x\nmax_body_bytes: lots\nretry:\n  atempts: 3\n', 'f.yml');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').slice(1)).toEqual([
      expect.stringMatching(/^f\.yml:1:9: listen: expected host:port/),
      expect.stringMatching(/^f\.yml:2:17: max_body_bytes: /),
      'f.yml:4:3: retry.atempts: unknown key `atempts` (did you mean `attempts`?)',
    ]);
  });

  it('reports wrong types with the line', () => {
    expect(() => parseConfigText('listen: x\nmax_body_bytes: lots\n', 'f.yml')).toThrow(/f\.yml:1:9: listen/);
    expect(() => parseConfigText('max_in_flight_bytes: 2048\nmax_body_bytes: 4096\n', 'f.yml')).toThrow(
      /max_in_flight_bytes: must be at least max_body_bytes/,
    );
    expect(() => parseConfig({ listen: 'host:99999' }, 'flags')).toThrow(/flags: listen: expected host:port/);
    expect(() => parseConfigText('kafka: { brokers: ["a b"], topics: [t] }\n', 'k.yml')).toThrow(
      /kafka\.brokers\[0\]: expected host:port/,
    );
  });

  it('parses listen addresses', () => {
    expect(parseListen('127.0.0.1:9280')).toEqual({ host: '127.0.0.1', port: 9280 });
    expect(parseListen(':9280')).toEqual({ host: '0.0.0.0', port: 9280 });
    expect(parseListen('[::1]:9')).toEqual({ host: '::1', port: 9 });
    expect(parseListen('9300')).toEqual({ host: '127.0.0.1', port: 9300 });
  });

  it('auth: required beyond loopback or with static keys, loopback_open on loopback; refuses open beyond loopback', () => {
    expect(authModeFor(parseConfig({}))).toBe('loopback_open');
    expect(authModeFor(parseConfig({ listen: '[::1]:9280' }))).toBe('loopback_open');
    expect(authModeFor(parseConfig({ listen: '0.0.0.0:9280' }))).toBe('required');
    expect(authModeFor(parseConfig({ listen: ':9280' }))).toBe('required');
    expect(authModeFor(parseConfig({ api_keys: ['abcdefgh12345678'] }))).toBe('required');
    expect(authModeFor(parseConfig({ auth: { mode: 'required' } }))).toBe('required');
    // a --listen override is judged too
    expect(authModeFor(parseConfig({}), '0.0.0.0:0')).toBe('required');
    expect(() => authModeFor(parseConfig({ auth: { mode: 'loopback_open' } }), '0.0.0.0:0')).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringMatching(/only allowed on a loopback/) }),
    );
    expect(() => parseConfigText('listen: 0.0.0.0:9280\nauth:\n  mode: loopback_open\n', 'i.yml')).toThrow(
      /i\.yml:3:9: auth\.mode: `loopback_open` lets anyone write/,
    );
    expect(() => parseConfigText('auth: { mode: open }\n', 'i.yml')).toThrow(/auth\.mode/);
    expect(() => parseConfigText('auth: { mod: required }\n', 'i.yml')).toThrow(/did you mean `mode`/);
  });

  it('tls and body concurrency settings', () => {
    const c = parseConfigText('tls:\n  cert_file: /etc/tls/indexer.crt\n  key_file: /etc/tls/indexer.key\n');
    expect(c.tls).toEqual({ cert_file: '/etc/tls/indexer.crt', key_file: '/etc/tls/indexer.key' });
    expect(c.max_concurrent_bodies).toBe(32);
    expect(() => parseConfigText('tls:\n  cert_file: a.crt\n', 'i.yml')).toThrow(/tls\.key_file/);
    expect(() => parseConfigText('max_concurrent_bodies: 0\n', 'i.yml')).toThrow(/max_concurrent_bodies/);
  });
});
