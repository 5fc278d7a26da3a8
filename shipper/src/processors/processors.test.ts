import { describe, expect, it } from 'vitest';
import type { ShipperEvent } from '../component.ts';
import * as addFields from './add-fields.ts';
import * as decodeJson from './decode-json.ts';
import * as dropEvent from './drop-event.ts';
import * as dropFields from './drop-fields.ts';
import * as renameFields from './rename-fields.ts';
import * as sample from './sample.ts';

const ev = (message: string, i = 0): ShipperEvent => ({
  id: `f:${i}`,
  source: 's',
  doc: { message, log: { level: 'info' } },
});
const build = <
  M extends {
    configSchema: { parse(x: unknown): unknown };
    build(c: never): { process(e: ShipperEvent[]): ShipperEvent[] };
  },
>(
  mod: M,
  config: object,
) => mod.build(mod.configSchema.parse(config) as never);

describe('processors', () => {
  it('add_fields / rename_fields / drop_fields', () => {
    const [e] = build(addFields, { type: 'add_fields', fields: { 'service.name': 'api', env: 'prod' } }).process([
      ev('x'),
    ]);
    expect(e!.doc).toMatchObject({ service: { name: 'api' }, env: 'prod' });
    build(renameFields, { type: 'rename_fields', fields: [{ from: 'env', to: 'labels.env' }] }).process([e!]);
    expect(e!.doc).toMatchObject({ labels: { env: 'prod' } });
    expect(e!.doc.env).toBeUndefined();
    build(dropFields, { type: 'drop_fields', fields: ['labels.env', 'service'] }).process([e!]);
    expect(e!.doc.service).toBeUndefined();
    expect(() => dropFields.configSchema.parse({ type: 'drop_fields', fields: ['@timestamp'] })).toThrow();
  });

  it('drop_event drops what the KQL condition matches', () => {
    const p = build(dropEvent, { type: 'drop_event', when: 'message:healthcheck or log.level:debug' });
    const out = p.process([ev('GET /healthcheck 200'), ev('real work', 1)]);
    expect(out.map((e) => e.doc.message)).toEqual(['real work']);
  });

  it('sample is deterministic by id', () => {
    const events = Array.from({ length: 2000 }, (_, i) => ev('x', i));
    const p = build(sample, { type: 'sample', rate: 0.25 });
    const a = p.process(events).map((e) => e.id);
    expect(p.process(events).map((e) => e.id)).toEqual(a);
    expect(a.length).toBeGreaterThan(400);
    expect(a.length).toBeLessThan(600);
  });

  it('decode_json parses into the root or a target; bad JSON is tagged, not dropped', () => {
    const root = build(decodeJson, { type: 'decode_json' });
    const [a, b, c] = root.process([ev('{"user":{"name":"ann"},"n":1}'), ev('not json'), ev('[1,2]')]);
    expect(a!.doc).toMatchObject({ user: { name: 'ann' }, n: 1 });
    expect(b!.doc).toMatchObject({ message: 'not json', tags: ['decode_json_failed'] });
    expect(c!.doc.tags).toEqual(['decode_json_failed']);
    const deep = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`;
    const [d] = root.process([ev(deep)]);
    expect(d!.doc.tags).toEqual(['decode_json_failed']);
    const [t] = build(decodeJson, { type: 'decode_json', target: 'json' }).process([ev('{"k":"v"}')]);
    expect(t!.doc).toMatchObject({ json: { k: 'v' }, message: '{"k":"v"}' });
  });
});
