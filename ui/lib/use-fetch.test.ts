import { describe, expect, it } from 'vitest';
import { type FetchState, fetchFailed, fetchStarted, fetchSucceeded } from './use-fetch.ts';

describe('fetch state', () => {
  it('keeps the previous data while the next fetch loads, and beside an error', () => {
    const loaded: FetchState<number> = fetchSucceeded(1);
    expect(loaded).toEqual({ data: 1, loading: false });
    const failed = fetchFailed(fetchStarted(loaded), new Error('down'));
    expect(failed).toMatchObject({ data: 1, loading: false });
    expect(failed.error).toBeInstanceOf(Error);
    expect(fetchStarted(failed)).toEqual({ data: 1, loading: true });
    expect(fetchSucceeded(2)).toEqual({ data: 2, loading: false });
  });
});
