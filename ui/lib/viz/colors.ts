/**
 * Series colours: Discover's colours for `log.level` values (levelColor, the histogram's; syslog
 * severity names too, which it knows: err, warning, notice …), grey for
 * `Other` and `(missing)`, and otherwise the viz palette, CSS variables (`--viz-1` … `--viz-10`,
 * ui/app/globals.css) with a light and a dark variant.
 */
import { levelColor } from '../discover/histogram.ts';
import type { PathStep } from './paths.ts';

export const PALETTE_SIZE = 10;
export const OTHER_COLOR = 'var(--viz-other)';
export const MISSING_COLOR = 'var(--viz-missing)';
/** Fields whose values are log levels, coloured as Discover colours them. */
export const LEVEL_FIELDS = new Set(['log.level', 'log.syslog.severity.name']);

export function paletteColor(index: number): string {
  return `var(--viz-${(index % PALETTE_SIZE) + 1})`;
}

/** The colour a series or slice gets from its steps (the last special one wins), or undefined for the palette. */
export function stepColor(steps: readonly PathStep[]): string | undefined {
  for (const s of [...steps].reverse()) {
    if (s.kind === 'other') return OTHER_COLOR;
    if (s.kind === 'missing') return MISSING_COLOR;
    if (s.kind === 'term' && s.bucket.type === 'terms' && LEVEL_FIELDS.has(s.bucket.field))
      return levelColor(String(s.key));
  }
  return undefined;
}

/** Colours for a list of step sets: special ones fixed, the rest from the palette in order. */
export function assignColors(items: ReadonlyArray<readonly PathStep[]>): string[] {
  let next = 0;
  return items.map((steps) => stepColor(steps) ?? paletteColor(next++));
}
