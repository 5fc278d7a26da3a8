import { describe, expect, it } from 'vitest';
import { createLogger, memoryLogger } from './log.ts';

function capture() {
  const lines: string[] = [];
  return {
    lines,
    destination: { write: (line: string) => lines.push(line) },
    records: () => lines.map((l) => JSON.parse(l)),
  };
}

describe('createLogger', () => {
  it('writes one ECS-shaped JSON object per line', () => {
    const out = capture();
    const log = createLogger({ service: 'indexer', destination: out.destination });
    log.info('listening', { url: 'http://127.0.0.1:9280' });
    expect(out.lines).toHaveLength(1);
    expect(out.lines[0]?.endsWith('\n')).toBe(true);
    const [r] = out.records();
    expect(r).toMatchObject({
      'log.level': 'info',
      message: 'listening',
      'service.name': 'indexer',
      'event.dataset': 'driftwood.indexer',
      'process.pid': process.pid,
      url: 'http://127.0.0.1:9280',
    });
    expect(r['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(Date.parse(r['@timestamp']) - Date.now())).toBeLessThan(5_000);
    expect(r).not.toHaveProperty('msg');
    expect(r).not.toHaveProperty('level');
  });

  it('maps errors to error.message / error.type / error.code / error.stack_trace', () => {
    const out = capture();
    const log = createLogger({ service: 'alerting', destination: out.destination });
    const err = Object.assign(new TypeError('boom'), { code: 'ECONNREFUSED' });
    log.error('send failed', { error: err, rule: 'r1' });
    log.warn('save failed', { error: 'store down', code: 'STORE_UNAVAILABLE' });
    const [a, b] = out.records();
    expect(a).toMatchObject({
      'error.type': 'TypeError',
      'error.message': 'boom',
      'error.code': 'ECONNREFUSED',
      rule: 'r1',
    });
    expect(a['error.stack_trace']).toContain('TypeError: boom');
    expect(a).not.toHaveProperty('error');
    expect(b).toMatchObject({ 'log.level': 'warn', 'error.message': 'store down', 'error.code': 'STORE_UNAVAILABLE' });
    expect(b).not.toHaveProperty('code');
  });

  it('never writes the userinfo of a URL, in the message, fields, nested values or errors', () => {
    const out = capture();
    const log = createLogger({ service: 'shipper', destination: out.destination });
    log.warn('output http://elastic:changeme@es:9200 refused', {
      endpoint: 'https://u:secret@es:9200/_bulk',
      nested: { urls: ['mqtt://me:pw@broker:1883'] },
      error: new Error('connect to http://a:b@host failed'),
    });
    const text = out.lines.join('');
    expect(text).not.toMatch(/changeme|secret|:pw@|a:b@/);
    expect(out.records()[0]).toMatchObject({
      message: 'output http://es:9200 refused',
      endpoint: 'https://es:9200/_bulk',
      nested: { urls: ['mqtt://broker:1883'] },
    });
  });

  it('honours the level, and child loggers add their fields', () => {
    const out = capture();
    const log = createLogger({ service: 'shipper', level: 'warn', destination: out.destination });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.child({ 'component.id': 'file-1' }).error('e', { n: 1 });
    expect(out.records().map((r) => [r['log.level'], r.message])).toEqual([
      ['warn', 'w'],
      ['error', 'e'],
    ]);
    expect(out.records()[1]).toMatchObject({ 'component.id': 'file-1', n: 1, 'service.name': 'shipper' });
    const debug = capture();
    createLogger({ service: 'x', level: 'debug', destination: debug.destination }).debug('shown');
    expect(debug.records()[0]).toMatchObject({ 'log.level': 'debug', message: 'shown' });
  });

  it('pretty: HH:MM:SS, the service as a prefix (not twice), the fields as JSON', () => {
    const out = capture();
    const log = createLogger({ service: 'shipper', format: 'pretty', destination: out.destination });
    log.warn('mqtt: client error', { error: 'ECONNREFUSED', input: 'mqtt-1' });
    log.info('shipper: started');
    createLogger({ service: 'up', format: 'pretty', destination: out.destination }).info('SIGINT: stopping');
    expect(out.lines[0]).toMatch(
      /^\d\d:\d\d:\d\d shipper: mqtt: client error \{"input":"mqtt-1","error.message":"ECONNREFUSED"\}\n$/,
    );
    expect(out.lines[1]).toMatch(/^\d\d:\d\d:\d\d shipper: started\n$/);
    expect(out.lines[2]).toMatch(/^\d\d:\d\d:\d\d SIGINT: stopping\n$/);
  });
});

describe('memoryLogger', () => {
  it('keeps lines in order, children into the same list', () => {
    const log = memoryLogger();
    log.info('a');
    log.child({ id: 'x' }).warn('b', { n: 2 });
    expect(log.lines).toEqual([
      { level: 'info', message: 'a' },
      { level: 'warn', message: 'b', fields: { id: 'x', n: 2 } },
    ]);
  });
});
