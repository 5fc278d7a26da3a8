import type { DashboardPanel } from '@driftwood/core';
import { describe, expect, it } from 'vitest';
import { EarlyQueries, inFirstScreen } from './early-queries.ts';

const panel = (id: string, y: number): DashboardPanel =>
  ({ id, type: 'markdown', title: id, grid: { x: 0, y, w: 6, h: 6 }, options: { markdown: '' } }) as DashboardPanel;

describe('EarlyQueries', () => {
  it('starts a key once and hands its query out once', async () => {
    const early = new EarlyQueries<number>();
    let runs = 0;
    early.start('a', async () => ++runs);
    early.start('a', async () => ++runs);
    expect(runs).toBe(1);
    expect(await early.take('a')).toBe(1);
    expect(early.take('a')).toBeUndefined();
    expect(early.take('b')).toBeUndefined();
  });

  it('leaves no rejection unhandled, and the taker still sees it', async () => {
    const early = new EarlyQueries<number>();
    early.start('bad', () => Promise.reject(new Error('boom')));
    await new Promise((r) => setTimeout(r, 0));
    await expect(early.take('bad')).rejects.toThrow('boom');
  });
});

describe('inFirstScreen', () => {
  it('keeps the panels whose top is within the height, counted from the first row', () => {
    const panels = [panel('top', 4), panel('second', 10), panel('far', 40)];
    // rows of 30 px with 8 px between: row 6 below the first starts at 228 px, row 36 at 1368 px
    expect(inFirstScreen(panels, 1000).map((p) => p.id)).toEqual(['top', 'second']);
    expect(inFirstScreen(panels, 2000).map((p) => p.id)).toEqual(['top', 'second', 'far']);
    expect(inFirstScreen(panels, 100).map((p) => p.id)).toEqual(['top']);
  });
});
