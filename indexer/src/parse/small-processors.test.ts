import { getField, type LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import * as convert from './convert.ts';
import * as drop from './drop.ts';
import * as ip from './ip.ts';
import * as lowercase from './lowercase.ts';
import * as remove from './remove.ts';
import * as rename from './rename.ts';
import * as set from './set.ts';

const ctx = { now: 0 };

describe('convert / rename / set / remove / lowercase / drop / ip', () => {
  it('convert', () => {
    const doc: LogDocument = { a: '42', b: '3.5', c: 'yes', d: 'x', e: ['1', '2'] };
    convert.build(convert.configSchema.parse({ field: 'a', type: 'integer' }))(doc, ctx);
    convert.build(convert.configSchema.parse({ field: 'b', type: 'float' }))(doc, ctx);
    convert.build(convert.configSchema.parse({ field: 'c', type: 'boolean' }))(doc, ctx);
    convert.build(convert.configSchema.parse({ field: 'd', type: 'integer' }))(doc, ctx);
    convert.build(convert.configSchema.parse({ field: 'e', type: 'long' }))(doc, ctx);
    expect(doc).toEqual({ a: 42, b: 3.5, c: true, d: 'x', e: [1, 2], tags: ['_convertfailure'] });
  });
  it('rename', () => {
    const doc: LogDocument = { src: '1.2.3.4' };
    rename.build(rename.configSchema.parse({ field: 'src', target: 'source.ip' }))(doc, ctx);
    expect(doc).toEqual({ source: { ip: '1.2.3.4' } });
  });
  it('set', () => {
    const doc: LogDocument = { user: { name: 'ann' } };
    set.build(set.configSchema.parse({ field: 'service.name', value: 'api' }))(doc, ctx);
    set.build(set.configSchema.parse({ field: 'greeting', value: 'hi {{user.name}}' }))(doc, ctx);
    set.build(set.configSchema.parse({ field: 'copy', copy_from: 'user.name' }))(doc, ctx);
    set.build(set.configSchema.parse({ field: 'service.name', value: 'other', override: false }))(doc, ctx);
    expect(doc).toEqual({ user: { name: 'ann' }, service: { name: 'api' }, greeting: 'hi ann', copy: 'ann' });
    expect(() => set.configSchema.parse({ field: 'x' })).toThrow();
  });
  it('remove and lowercase', () => {
    const doc: LogDocument = { a: { b: 1, c: 2 }, lvl: 'WARN' };
    remove.build(remove.configSchema.parse({ fields: ['a.b', 'nope'] }))(doc, ctx);
    lowercase.build(lowercase.configSchema.parse({ field: 'lvl', target: 'log.level' }))(doc, ctx);
    expect(doc).toEqual({ a: { c: 2 }, lvl: 'WARN', log: { level: 'warn' } });
  });
  it('drop', () => {
    expect(drop.build(drop.configSchema.parse({}))({}, ctx)).toBe(false);
  });
  it('ip', () => {
    const run = ip.build(ip.configSchema.parse({ field: 'source.ip', invalid_target: 'source.address' }));
    const good: LogDocument = { source: { ip: '2001:db8::1' } };
    run(good, ctx);
    expect(good).toEqual({ source: { ip: '2001:db8::1' } });
    const bad: LogDocument = { source: { ip: 'example.com' } };
    run(bad, ctx);
    expect(bad).toEqual({ source: { address: 'example.com' }, tags: ['_invalid_ip'] });
    expect(getField(bad, 'source.ip')).toBeUndefined();
    expect(ip.isIp('300.1.1.1')).toBe(false);
  });
});
