/** Live tail: a bounded buffer of received events (newest first) and the arrival rate. */

export const TAIL_BUFFER = 500;

/** Prepends new items (given oldest first) and keeps at most `max`. */
export function pushTail<T>(buffer: readonly T[], items: readonly T[], max = TAIL_BUFFER): T[] {
  const next = [...items].reverse().concat(buffer);
  return next.length > max ? next.slice(0, max) : next;
}

/** Arrival times kept for the rate: those within the window before `now`. */
export function pruneArrivals(arrivals: readonly number[], now: number, windowMs = 10_000): number[] {
  return arrivals.filter((t) => t > now - windowMs && t <= now);
}

/** Events per second over the window. */
export function tailRate(arrivals: readonly number[], now: number, windowMs = 10_000): number {
  return pruneArrivals(arrivals, now, windowMs).length / (windowMs / 1000);
}

export function formatRate(perSecond: number): string {
  if (perSecond === 0) return '0/s';
  if (perSecond < 1) return `${(perSecond * 60).toFixed(perSecond * 60 < 10 ? 1 : 0)}/min`;
  return `${perSecond < 10 ? perSecond.toFixed(1) : Math.round(perSecond)}/s`;
}
