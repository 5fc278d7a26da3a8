/**
 * Time expressions as Kibana's time picker and Elasticsearch accept them:
 * - ISO 8601: `2024-05-01`, `2024-05`, `2024`, `2024-05-01T10:00`, `2024-05-01T10:00:00.123Z`,
 *   `2024-05-01 10:00:00+02:00` (a space may replace `T`). Without a zone the time is UTC
 *   (Elasticsearch's default) unless `{ timeZone: 'local' }` is passed.
 * - Epoch milliseconds: `1714557600000` (any all-digit string except a 4-digit year; `-5` too).
 * - Date math: an anchor (`now`, or a date followed by `||`) then operations applied left to right:
 *   `+N<unit>` / `-N<unit>` (add / subtract) and `/<unit>` (round). Units: `y` years, `M` months,
 *   `w` weeks, `d` days, `h`/`H` hours, `m` minutes, `s` seconds. Examples: `now-15m`, `now-1h/h`,
 *   `now/d`, `now-7d/d`, `2024-05-01||+1M/d`.
 *   Rounding goes down to the start of the unit; with `roundUp` (the `to` end of a range, like Kibana)
 *   it goes to the last millisecond of the unit. Weeks start on Monday (ISO, like Elasticsearch).
 *   Months and years are calendar arithmetic (Jan 31 + 1M = Feb 28/29).
 */
import { DriftwoodError } from '../errors.ts';

export type TimeZoneMode = 'UTC' | 'local';

export interface ParseTimeOptions {
  /** Zone for ISO dates without an offset and for rounding (default `UTC`). */
  timeZone?: TimeZoneMode;
}

export type DateMathUnit = 'y' | 'M' | 'w' | 'd' | 'h' | 'H' | 'm' | 's';

const MAX_TIME = 8.64e15;

function invalid(expr: string, reason: string): DriftwoodError {
  return new DriftwoodError(
    'INPUT_INVALID',
    `Invalid time expression ${JSON.stringify(expr)}: ${reason}. ` +
      'Use ISO 8601 (2024-05-01T10:00:00Z), epoch milliseconds, or date math like now-15m, now-1d/d',
    { details: { expression: expr, reason } },
  );
}

/** Calendar fields in the chosen zone. */
interface Fields {
  y: number;
  M: number; // 0-11
  d: number; // 1-31
  h: number;
  m: number;
  s: number;
  ms: number;
}

function toFields(t: number, tz: TimeZoneMode): Fields {
  const date = new Date(t);
  return tz === 'UTC'
    ? {
        y: date.getUTCFullYear(),
        M: date.getUTCMonth(),
        d: date.getUTCDate(),
        h: date.getUTCHours(),
        m: date.getUTCMinutes(),
        s: date.getUTCSeconds(),
        ms: date.getUTCMilliseconds(),
      }
    : {
        y: date.getFullYear(),
        M: date.getMonth(),
        d: date.getDate(),
        h: date.getHours(),
        m: date.getMinutes(),
        s: date.getSeconds(),
        ms: date.getMilliseconds(),
      };
}

function fromFields(f: Fields, tz: TimeZoneMode): number {
  if (tz === 'UTC') {
    const date = new Date(0);
    date.setUTCFullYear(f.y, f.M, f.d);
    date.setUTCHours(f.h, f.m, f.s, f.ms);
    return date.getTime();
  }
  const date = new Date(0);
  date.setFullYear(f.y, f.M, f.d);
  date.setHours(f.h, f.m, f.s, f.ms);
  return date.getTime();
}

function daysInMonth(y: number, M: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, M + 1, 0);
  return date.getUTCDate();
}

function addUnits(t: number, amount: number, unit: DateMathUnit, tz: TimeZoneMode): number {
  switch (unit) {
    case 's':
      return t + amount * 1000;
    case 'm':
      return t + amount * 60_000;
    case 'h':
    case 'H':
      return t + amount * 3_600_000;
    case 'd':
    case 'w': {
      const days = unit === 'w' ? amount * 7 : amount;
      if (tz === 'UTC') return t + days * 86_400_000;
      const f = toFields(t, tz);
      f.d += days;
      return fromFields(f, tz);
    }
    case 'M':
    case 'y': {
      const f = toFields(t, tz);
      const months = f.y * 12 + f.M + (unit === 'y' ? amount * 12 : amount);
      const y = Math.floor(months / 12);
      const M = months - y * 12;
      f.d = Math.min(f.d, daysInMonth(y, M));
      f.y = y;
      f.M = M;
      return fromFields(f, tz);
    }
  }
}

function startOf(t: number, unit: DateMathUnit, tz: TimeZoneMode): number {
  const f = toFields(t, tz);
  switch (unit) {
    case 'y':
      f.M = 0;
      f.d = 1;
      f.h = f.m = f.s = f.ms = 0;
      break;
    case 'M':
      f.d = 1;
      f.h = f.m = f.s = f.ms = 0;
      break;
    case 'w': {
      const weekday = new Date(t)[tz === 'UTC' ? 'getUTCDay' : 'getDay'](); // 0 = Sunday
      f.d -= (weekday + 6) % 7;
      f.h = f.m = f.s = f.ms = 0;
      break;
    }
    case 'd':
      f.h = f.m = f.s = f.ms = 0;
      break;
    case 'h':
    case 'H':
      f.m = f.s = f.ms = 0;
      break;
    case 'm':
      f.s = f.ms = 0;
      break;
    case 's':
      f.ms = 0;
      break;
  }
  return fromFields(f, tz);
}

function round(t: number, unit: DateMathUnit, roundUp: boolean, tz: TimeZoneMode): number {
  const start = startOf(t, unit, tz);
  return roundUp ? addUnits(start, 1, unit, tz) - 1 : start;
}

const ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/i;

function parseIso(text: string, expr: string, tz: TimeZoneMode): number | null {
  const m = ISO.exec(text);
  if (m === null) return null;
  const [, ys, Ms, ds, hs, mins, ss, frac, zone] = m;
  const y = Number(ys);
  const M = Ms === undefined ? 1 : Number(Ms);
  const d = ds === undefined ? 1 : Number(ds);
  const h = hs === undefined ? 0 : Number(hs);
  const min = mins === undefined ? 0 : Number(mins);
  const s = ss === undefined ? 0 : Number(ss);
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  if (M < 1 || M > 12) throw invalid(expr, `month ${M} is out of range`);
  if (d < 1 || d > daysInMonth(y, M - 1)) throw invalid(expr, `day ${d} is out of range`);
  if (h > 24 || (h === 24 && (min > 0 || s > 0 || ms > 0))) throw invalid(expr, `hour ${h} is out of range`);
  if (min > 59) throw invalid(expr, `minute ${min} is out of range`);
  if (s > 59) throw invalid(expr, `second ${s} is out of range`);
  const fields: Fields = { y, M: M - 1, d, h, m: min, s, ms };
  if (zone === undefined) return fromFields(fields, tz);
  let offset = 0;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) throw invalid(expr, `zone offset ${zone} is out of range`);
    offset = sign * (oh * 60 + om) * 60_000;
  }
  return fromFields(fields, 'UTC') - offset;
}

function parseAnchor(text: string, expr: string, now: Date, tz: TimeZoneMode): number {
  if (text === 'now') {
    const t = now.getTime();
    if (!Number.isFinite(t)) throw invalid(expr, '"now" is not a valid date');
    return t;
  }
  if (/^-?\d+$/.test(text) && !/^\d{4}$/.test(text)) {
    if (text.replace('-', '').length > 16) throw invalid(expr, 'epoch milliseconds out of range');
    return Number(text);
  }
  const iso = parseIso(text, expr, tz);
  if (iso === null) throw invalid(expr, `${JSON.stringify(text)} is not a date`);
  return iso;
}

const UNITS = new Set<string>(['y', 'M', 'w', 'd', 'h', 'H', 'm', 's']);

function applyMath(anchor: number, math: string, expr: string, roundUp: boolean, tz: TimeZoneMode): number {
  let t = anchor;
  let i = 0;
  while (i < math.length) {
    const op = math[i];
    if (op === '/') {
      const unit = math[i + 1];
      if (unit === undefined || !UNITS.has(unit)) {
        throw invalid(expr, `expected a unit (y M w d h m s) after "/" at character ${i + 2} of the math`);
      }
      t = round(t, unit as DateMathUnit, roundUp, tz);
      i += 2;
    } else if (op === '+' || op === '-') {
      let j = i + 1;
      while (j < math.length && /\d/.test(math[j]!)) j++;
      const amount = j === i + 1 ? 1 : Number(math.slice(i + 1, j));
      const unit = math[j];
      if (unit === undefined || !UNITS.has(unit)) {
        throw invalid(expr, `expected a unit (y M w d h m s) at character ${j + 1} of the math`);
      }
      if (j - i - 1 > 9) throw invalid(expr, 'amount too large');
      t = addUnits(t, op === '-' ? -amount : amount, unit as DateMathUnit, tz);
      i = j + 1;
    } else {
      throw invalid(expr, `unexpected ${JSON.stringify(op)} in date math (expected +, - or /)`);
    }
    if (!Number.isFinite(t) || Math.abs(t) > MAX_TIME) throw invalid(expr, 'the result is out of range');
  }
  return t;
}

/**
 * Parses an absolute or relative time. `roundUp` makes `/unit` round to the end of the unit
 * (use it for the `to` end of a range). Throws `DriftwoodError` `INPUT_INVALID` on bad input.
 */
export function parseTime(expr: string, now: Date, roundUp = false, options: ParseTimeOptions = {}): Date {
  if (typeof expr !== 'string') throw invalid(String(expr), 'not a string');
  const tz = options.timeZone ?? 'UTC';
  const text = expr.trim();
  if (text === '') throw invalid(expr, 'it is empty');
  let anchorText: string;
  let math: string;
  if (text.startsWith('now')) {
    anchorText = 'now';
    math = text.slice(3);
  } else {
    const sep = text.indexOf('||');
    anchorText = sep === -1 ? text : text.slice(0, sep);
    math = sep === -1 ? '' : text.slice(sep + 2);
    if (sep !== -1 && math === '') throw invalid(expr, 'expected date math after "||"');
  }
  const anchor = parseAnchor(anchorText, expr, now, tz);
  if (!Number.isFinite(anchor) || Math.abs(anchor) > MAX_TIME) throw invalid(expr, 'the date is out of range');
  return new Date(applyMath(anchor, math, expr, roundUp, tz));
}

/** True when the expression is relative to `now` (changes as time passes). */
export function isRelativeTime(expr: string): boolean {
  return expr.trim().startsWith('now');
}

/** A time range in epoch ms, `from` inclusive and `to` exclusive, as the stores take it. */
export interface TimeRange {
  from?: number;
  to?: number;
}

/**
 * The range a user means by `from` and `to` (either may be absent): `to` is included, as in Kibana
 * (`now-1d/d` to `now-1d/d` is the whole of yesterday, `…T05:00:00.000Z` includes that millisecond),
 * so the stores' exclusive end is one millisecond past it. The UI and the CLI both resolve their
 * ranges here, so that the same two expressions count the same events everywhere. A range that
 * ends before it starts is an `INPUT_INVALID` error.
 */
export function resolveTimeRange(from: string | undefined, to: string | undefined, now: Date): TimeRange {
  const f = from === undefined ? undefined : parseTime(from, now).getTime();
  const t = to === undefined ? undefined : parseTime(to, now, true).getTime() + 1;
  if (f !== undefined && t !== undefined && !(t > f))
    throw new DriftwoodError('INPUT_INVALID', 'The start of the time range must be before its end', {
      details: { from, to },
    });
  return { ...(f === undefined ? {} : { from: f }), ...(t === undefined ? {} : { to: t }) };
}
