import { describe, expect, it } from 'vitest';
import { FieldCatalog } from '../field-catalog.ts';
import { planQuery } from '../query-plan.ts';
import { compilePlan, ipv4FromNumber, MATCH_ALL, wildcardValue, withTimeRange } from './dsl.ts';

const catalog = new FieldCatalog([
  ['custom.n', 'double'],
  ['custom.flag', 'boolean'],
]);
const dsl = (kql: string) => compilePlan(planQuery(kql, catalog, { now: Date.UTC(2024, 4, 1) }));

describe('compilePlan', () => {
  it('compiles constants', () => {
    expect(compilePlan({ op: 'all' })).toEqual({ match_all: {} });
    expect(compilePlan({ op: 'none' })).toEqual({ match_none: {} });
    expect(dsl('')).toEqual({ match_all: {} });
    expect(dsl('unknown.field:x')).toEqual({ match_none: {} });
  });

  it('compiles boolean structure: and → filter, or → should with minimum_should_match, not → must_not', () => {
    expect(dsl('log.level:a and not (log.level:b or host.name:c)')).toEqual({
      bool: {
        filter: [
          { term: { 'log.level': 'a' } },
          {
            bool: {
              must_not: [
                {
                  bool: {
                    should: [{ term: { 'log.level': 'b' } }, { term: { 'host.name': 'c' } }],
                    minimum_should_match: 1,
                  },
                },
              ],
            },
          },
        ],
      },
    });
  });

  it('matches text tokens exactly as the plan analysed them', () => {
    expect(compilePlan({ op: 'text_any', field: 'message', tokens: ['refused'] })).toEqual({
      term: { message: 'refused' },
    });
    expect(compilePlan({ op: 'text_any', field: 'message', tokens: ['a', 'b'] })).toEqual({
      terms: { message: ['a', 'b'] },
    });
    expect(dsl('message:"Connection Refused"')).toEqual({
      match_phrase: { message: { query: 'connection refused', slop: 0 } },
    });
  });

  it('compiles wildcards with literal stars escaped and no case folding on keywords', () => {
    expect(dsl('log.level:Er*')).toEqual({ wildcard: { 'log.level': { value: 'Er*' } } });
    expect(dsl('log.level:a\\*b*')).toEqual({ wildcard: { 'log.level': { value: 'a\\*b*' } } });
    expect(dsl('message:Refu*')).toEqual({ wildcard: { message: { value: 'refu*' } } });
    expect(wildcardValue(['a?b\\', { wildcard: '*' }])).toBe('a\\?b\\\\*');
  });

  it('compiles typed equality, ranges, CIDR and exists', () => {
    expect(dsl('custom.n:3')).toEqual({ term: { 'custom.n': 3 } });
    expect(dsl('custom.flag:true')).toEqual({ term: { 'custom.flag': true } });
    expect(dsl('source.ip:10.1.2.3')).toEqual({ term: { 'source.ip': '10.1.2.3' } });
    expect(dsl('source.ip:10.0.0.0/8')).toEqual({ range: { 'source.ip': { gte: '10.0.0.0', lte: '10.255.255.255' } } });
    expect(dsl('http.response.status_code >= 500')).toEqual({
      range: { 'http.response.status_code': { gte: 500 } },
    });
    expect(dsl('@timestamp < 2024-05-01')).toEqual({
      range: { '@timestamp': { lt: Date.UTC(2024, 4, 1), format: 'epoch_millis' } },
    });
    expect(dsl('@timestamp:2024-05-01')).toEqual({
      range: { '@timestamp': { gte: Date.UTC(2024, 4, 1), lt: Date.UTC(2024, 4, 2), format: 'epoch_millis' } },
    });
    expect(dsl('host.name:*')).toEqual({ exists: { field: 'host.name' } });
  });

  it('prints IPv4 numbers', () => {
    expect(ipv4FromNumber(0)).toBe('0.0.0.0');
    expect(ipv4FromNumber(2 ** 32 - 1)).toBe('255.255.255.255');
    expect(ipv4FromNumber(167772161)).toBe('10.0.0.1');
  });
});

describe('withTimeRange', () => {
  it('adds [from, to) on @timestamp', () => {
    expect(withTimeRange(MATCH_ALL)).toBe(MATCH_ALL);
    expect(withTimeRange(MATCH_ALL, 10, 20)).toEqual({
      bool: { filter: [{ range: { '@timestamp': { format: 'epoch_millis', gte: 10, lt: 20 } } }] },
    });
    expect(withTimeRange({ term: { a: 1 } }, undefined, 20.5)).toEqual({
      bool: { filter: [{ term: { a: 1 } }, { range: { '@timestamp': { format: 'epoch_millis', lt: 21 } } }] },
    });
  });
});
