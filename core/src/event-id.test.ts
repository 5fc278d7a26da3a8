import { describe, expect, it } from 'vitest';
import { contentId, eventId } from './event-id.ts';

describe('contentId (the indexer ids)', () => {
  it('gives the ids the indexer has always given', () => {
    // Pinned from indexer/src/ids.ts before it moved here: stored ids must not change.
    expect(contentId('kafka', 'logs', '0', '42')).toBe('EJlNjyiKEfVVnLKHG_6b');
    expect(contentId('ingest', new TextEncoder().encode('hello'))).toBe('VJSuw4Bn1jcOjjrwqZdY');
    expect(contentId('deadletter', 'abc')).toBe('ueZFEiPAOLIuSTaM1GgD');
    expect(contentId()).toBe('47DEQpj8HBSa-_TImW-5');
  });

  it('separates parts, so moving a boundary changes the id', () => {
    expect(contentId('ab', 'c')).not.toBe(contentId('a', 'bc'));
    expect(contentId('a', 'b')).toMatch(/^[\w-]{20}$/);
  });
});

describe('eventId (the shipper sources ids)', () => {
  it('gives the ids the sources have always given', () => {
    // Pinned from shipper/src/sources/{syslog,http}.ts before they moved here.
    expect(eventId('syslog-udp', 'udp:127.0.0.1:5514', new TextEncoder().encode('<13>hi'), 1700000000000, 3)).toBe(
      '09b32b8cadecf51883175be8d7a3c2a087d699ae8ac9b70a0aa9c645400a781a',
    );
    expect(eventId('http-1', 'request', 'req-1', 0)).toBe(
      'ef23ac6eac2de2599c083c706b4959f4745d55b250fc0f885df097ce4e7dbc99',
    );
  });

  it('treats a number as its decimal text and separates parts', () => {
    expect(eventId('a', 1)).toBe(eventId('a', '1'));
    expect(eventId('ab', 'c')).not.toBe(eventId('a', 'bc'));
  });
});
