/**
 * Panel queries started before their panels are on screen. A panel asks for its data once it is
 * mounted and seen (IntersectionObserver), which is three renders after the dashboard is known
 * (the grid measures its width first); the panels of the first screenful, by their grid rows, are
 * asked as soon as the dashboard is known instead, through the same queue, and a panel that mounts
 * with the same key takes the started query rather than asking again. Panels further down still
 * wait until they are scrolled into view.
 */
import type { DashboardPanel } from '@driftwood/core';
import { ROW_HEIGHT, rowOffset } from './layout.ts';

/** The grid's margin between rows (DashboardGrid's GRID_MARGIN), in px. */
const ROW_GAP = 8;

export class EarlyQueries<T> {
  private readonly started = new Map<string, Promise<T>>();

  /** Starts `run` for `key` unless it was started already. */
  start(key: string, run: () => Promise<T>): void {
    if (this.started.has(key)) return;
    const p = run();
    p.catch(() => undefined); // a failure is the panel's to show when it takes it; none is left unhandled
    this.started.set(key, p);
  }

  /** The query started for `key`, handed out once (undefined when none was). */
  take(key: string): Promise<T> | undefined {
    const p = this.started.get(key);
    this.started.delete(key);
    return p;
  }
}

/** The panels of a grid whose top edge is within `heightPx` of the grid's top. */
export function inFirstScreen(panels: readonly DashboardPanel[], heightPx: number): DashboardPanel[] {
  const offset = rowOffset(panels);
  return panels.filter((p) => (p.grid.y - offset) * (ROW_HEIGHT + ROW_GAP) < heightPx);
}
