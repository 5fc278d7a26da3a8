import { describe, expect, it } from 'vitest';
import { parseHostPort } from '../net.ts';
import { hostPortSchema } from './host-port.ts';

describe('hostPortSchema', () => {
  const schema = hostPortSchema().default('127.0.0.1:5514');
  it('takes what parseHostPort takes, with a default', () => {
    expect(schema.parse(undefined)).toBe('127.0.0.1:5514');
    for (const text of ['127.0.0.1:0', '[::1]:5514', 'localhost:514', ':8080']) {
      expect(schema.parse(text)).toBe(text);
      expect(() => parseHostPort(text)).not.toThrow();
    }
  });
  it('rejects the rest with a message naming the text', () => {
    expect(() => schema.parse('nope')).toThrow(/host:port.*nope/);
    expect(() => schema.parse('h:70000')).toThrow(/65535/);
    expect(() => schema.parse('::1:80')).toThrow(/brackets/);
    expect(() => schema.parse('a b:1')).toThrow(/white space/);
  });
});
