/**
 * Simple windowing for the document table: rows have an estimated height until measured
 * (expanded rows grow); only rows in view (plus overscan) are rendered between two spacers.
 */

export interface WindowInput {
  count: number;
  /** Height of row i (measured or estimated), px. */
  height: (index: number) => number;
  scrollTop: number;
  viewport: number;
  /** Rows rendered above and below the view. */
  overscan?: number;
}

export interface WindowResult {
  start: number;
  /** Exclusive. */
  end: number;
  padTop: number;
  padBottom: number;
  total: number;
}

export function computeWindow(input: WindowInput): WindowResult {
  const { count, height, scrollTop, viewport } = input;
  const overscan = input.overscan ?? 8;
  let y = 0;
  let first = -1;
  let last = count;
  const tops = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) {
    tops[i] = y;
    const h = height(i);
    if (first < 0 && y + h > scrollTop) first = i;
    y += h;
    if (last === count && y >= scrollTop + viewport && first >= 0) last = i + 1;
  }
  tops[count] = y;
  if (first < 0) first = Math.max(0, count - 1);
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, last + overscan);
  const total = y;
  return { start, end, padTop: tops[start] ?? 0, padBottom: total - (tops[end] ?? total), total };
}

/** Whether to fetch the next page: the rendered window reaches near the end of what is loaded. */
export function needsMore(end: number, loaded: number, total: number, threshold = 20): boolean {
  return loaded < total && end >= loaded - threshold;
}
