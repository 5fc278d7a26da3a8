import { DriftwoodError, type LogDocument } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { definePipeline, listProcessors, pipelineConfigSchema, processorSchemas } from './processors.ts';

const receivedAt = new Date('2026-11-25T12:00:00Z');

describe('config-defined pipelines', () => {
  it('runs processors in order with if-conditions from a hook', () => {
    const p = definePipeline(
      {
        name: 'custom',
        processors: [
          { type: 'grok', patterns: ['%{IP:source.ip} %{WORD:verb} %{INT:n:int} %{GREEDYDATA:rest}'] },
          { type: 'set', field: 'service.name', value: 'edge' },
          { type: 'lowercase', field: 'verb' },
          { type: 'drop', if: 'verb: ping' },
        ],
      },
      { compileCondition: (src) => (doc: LogDocument) => src === 'verb: ping' && doc.verb === 'ping' },
    );
    expect(p.parse('10.0.0.1 GET 3 hello', { receivedAt })).toMatchObject({
      source: { ip: '10.0.0.1' },
      verb: 'get',
      n: 3,
      rest: 'hello',
      service: { name: 'edge' },
    });
    expect(p.process('10.0.0.1 PING 1 x', { receivedAt })).toBeNull();
    expect(p.parse('10.0.0.1 PING 1 x', { receivedAt }).tags).toEqual(['_dropped']);
  });

  it('can start from a built-in pipeline', () => {
    const p = definePipeline({ name: 'n', base: 'nginx', processors: [{ type: 'remove', fields: ['user_agent'] }] });
    const doc = p.parse('1.2.3.4 - - [25/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 5 "-" "curl/8.0"', {
      receivedAt,
    });
    expect(doc.user_agent).toBeUndefined();
    expect(doc.http).toBeDefined();
  });

  it('reports config errors once, naming the processor', () => {
    expect(() => definePipeline({ name: 'x', processors: [{ type: 'nope' }] })).toThrow(
      /processors\[0\].*unknown processor type/,
    );
    expect(() =>
      definePipeline({ name: 'x', processors: [{ type: 'grok', patterns: ['%{WORD}'], bogus: 1 }] }),
    ).toThrow(DriftwoodError);
    expect(() => definePipeline({ name: 'x', processors: [{ type: 'drop', if: 'a: b' }] })).toThrow(
      /condition compiler/,
    );
    expect(() => definePipeline({ name: 'x', extra: true })).toThrow(DriftwoodError);
    expect(listProcessors()).toEqual([
      'grok',
      'dissect',
      'json',
      'logfmt',
      'kv',
      'csv',
      'syslog',
      'date',
      'user_agent',
      'convert',
      'rename',
      'set',
      'remove',
      'lowercase',
      'drop',
      'ip',
    ]);
  });

  it('names options in snake_case, as Elasticsearch does (field_split, ignore_missing)', () => {
    const keysOf = (schema: unknown): string[] => {
      let inner = schema as { shape?: Record<string, unknown>; _zod?: { def?: { in?: unknown; innerType?: unknown } } };
      while (inner.shape === undefined && (inner._zod?.def?.in ?? inner._zod?.def?.innerType) !== undefined)
        inner = (inner._zod?.def?.in ?? inner._zod?.def?.innerType) as typeof inner;
      return Object.keys(inner.shape ?? {});
    };
    const camel: string[] = [];
    for (const { type, configSchema } of processorSchemas())
      for (const key of keysOf(configSchema)) if (!/^[a-z][a-z0-9_]*$/.test(key)) camel.push(`${type}.${key}`);
    for (const key of keysOf(pipelineConfigSchema)) if (!/^[a-z][a-z0-9_]*$/.test(key)) camel.push(key);
    expect(camel).toEqual([]);
    expect(keysOf(processorSchemas().find((p) => p.type === 'kv')?.configSchema)).toContain('field_split');
  });

  it('rejects the old camelCase names with a did-you-mean', () => {
    expect(() => definePipeline({ name: 'x', processors: [{ type: 'kv', fieldSplit: '&' }] })).toThrow(
      'pipeline x processors[0] (kv): fieldSplit: unknown key `fieldSplit` (did you mean `field_split`?)',
    );
    expect(() =>
      definePipeline({ name: 'x', processors: [{ type: 'json', ignoreMissing: true, max_depht: 3 }] }),
    ).toThrow(
      /ignoreMissing: unknown key `ignoreMissing` \(did you mean `ignore_missing`\?\); max_depht: .*`max_depth`/,
    );
  });
});
