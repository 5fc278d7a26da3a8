import { describe, expect, it } from 'vitest';
import { decodeState } from '../discover/state.ts';
import { andKql, discoverUrl, panelDiscoverUrl } from './discover-link.ts';

const decoded = (url: string) => {
  const [path, search = ''] = url.split('?');
  return { path, state: decodeState(new URLSearchParams(search)) };
};

describe('discoverUrl', () => {
  it('decodes, with Discover’s decoder, to the same query and time', () => {
    const url = discoverUrl({ query: 'log.level:error', from: 'now-7d', to: 'now' });
    const { path, state } = decoded(url);
    expect(path).toBe('/discover');
    expect(state.query).toBe('log.level:error');
    expect(state.from).toBe('now-7d');
    expect(state.to).toBe('now');
    expect(state.filters).toEqual([]);
  });

  it('ANDs the panel query, the dashboard query and the enabled filters (negated as not)', () => {
    const url = discoverUrl({
      query: ['service.name:"api gateway"', 'http.response.status_code >= 500'],
      filters: [
        { query: 'host.name:web-1' },
        { query: 'log.level:debug', negate: true },
        { query: 'event.dataset:nginx', disabled: true },
      ],
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-02T00:00:00.000Z',
    });
    const { state } = decoded(url);
    expect(state.query).toBe(
      '(service.name:"api gateway") and (http.response.status_code >= 500) and (host.name:web-1) and (not (log.level:debug))',
    );
    expect(state.from).toBe('2026-01-01T00:00:00.000Z');
    expect(state.to).toBe('2026-01-02T00:00:00.000Z');
  });

  it('leaves the query out when there is none, and the time when it is Discover’s default', () => {
    expect(discoverUrl({ query: ['', '  '], from: 'now-15m', to: 'now' })).toBe('/discover');
    const { state } = decoded(discoverUrl({ from: 'now-15m', to: 'now' }));
    expect(state.query).toBe('');
    expect(state.from).toBe('now-15m');
  });

  it('keeps characters that need encoding (& = # % quotes, non-ASCII)', () => {
    const q = 'message:"a & b = 100% #1 ünïcode"';
    expect(decoded(discoverUrl({ query: q, from: 'now-1h', to: 'now' })).state.query).toBe(q);
  });
});

describe('panelDiscoverUrl', () => {
  it('uses the panel’s own time when it overrides the dashboard’s', () => {
    const url = panelDiscoverUrl(
      { query: 'a:1', time: { from: 'now-1h', to: 'now' } },
      { query: 'b:2', extra: ['host.name:"x"'] },
      { from: 'now-24h', to: 'now' },
    );
    const { state } = decoded(url);
    expect(state.query).toBe('(b:2) and (host.name:"x") and (a:1)');
    expect([state.from, state.to]).toEqual(['now-1h', 'now']);
  });

  it('uses the dashboard’s time otherwise', () => {
    const { state } = decoded(panelDiscoverUrl({}, {}, { from: 'now-24h', to: 'now' }));
    expect([state.query, state.from, state.to]).toEqual(['', 'now-24h', 'now']);
  });
});

describe('andKql', () => {
  it('keeps one part as is and parenthesises several', () => {
    expect(andKql(['a or b'])).toBe('a or b');
    expect(andKql(['a or b', 'c'])).toBe('(a or b) and (c)');
    expect(andKql([])).toBe('');
  });
});
