/**
 * The short label of a panel's own time range (its badge): a quick range's name (`Last 1 hour`),
 * relative expressions as written (`now-2h → now-1h`), absolute times in UTC to the minute, the
 * date left out of the end when it is the start's (`Dec 02 08:33 → 10:33 UTC`).
 */
import { isRelativeTime } from '@driftwood/core';
import { QUICK_RANGES } from '../discover/time.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

function absolute(expr: string): { day: string; time: string } | undefined {
  if (isRelativeTime(expr)) return undefined;
  const t = Date.parse(expr);
  if (!Number.isFinite(t)) return undefined;
  const d = new Date(t);
  return {
    day: `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

export function shortRange(from: string, to: string): string {
  const quick = QUICK_RANGES.find((r) => r.from === from && r.to === to);
  if (quick) return quick.label;
  const a = absolute(from);
  const b = absolute(to);
  if (!a && !b) return `${from} → ${to}`;
  const left = a ? `${a.day} ${a.time}` : from;
  const right = b ? (a && a.day === b.day ? b.time : `${b.day} ${b.time}`) : to;
  return `${left} → ${right}${a || b ? ' UTC' : ''}`;
}
