/**
 * Calendar arithmetic for parsing log time stamps (the indexer's date processor and pipelines,
 * the syslog parser): month names, time-zone offsets (fixed, abbreviations, IANA names via
 * `Intl`, and `local`), wall clock → epoch, year inference for year-less stamps. Everything is
 * UTC epoch milliseconds; no `Date` string parsing on the hot path. (The Joda layout compiler
 * that uses these lives in `indexer/src/parse/date-formats.ts`.)
 */

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const FULL_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_INDEX = new Map<string, number>();
for (let i = 0; i < 12; i++) {
  const short = MONTH_NAMES[i] as string;
  const full = FULL_MONTHS[i] as string;
  for (const name of [short, full]) {
    MONTH_INDEX.set(name, i);
    MONTH_INDEX.set(name.toUpperCase(), i);
    MONTH_INDEX.set(name[0]?.toUpperCase() + name.slice(1), i);
  }
}
MONTH_INDEX.set('Sept', 8);

/** 0-based month index of an English month name or abbreviation, or -1. */
export function monthIndex(name: string): number {
  const hit = MONTH_INDEX.get(name);
  if (hit !== undefined) return hit;
  return MONTH_INDEX.get(name.toLowerCase()) ?? -1;
}

export const MONTH_ALTERNATION =
  'Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|Jun(?:e)?|Jul(?:y)?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
export const DAY_ALTERNATION =
  'Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?|MON|TUE|WED|THU|FRI|SAT|SUN';

const ZONE_ABBREVIATIONS: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  CET: 60,
  CEST: 120,
  BST: 60,
  IST: 330,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
  EET: 120,
  EEST: 180,
  WET: 0,
  WEST: 60,
};

/** Offset in minutes east of UTC for `Z`, `+0200`, `+02:00`, `+02`, `UTC`, `GMT+2`, or undefined. */
export function fixedOffsetMinutes(zone: string): number | undefined {
  const abbr = ZONE_ABBREVIATIONS[zone];
  if (abbr !== undefined) return abbr;
  const m = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(zone);
  if (m === null) return undefined;
  const hours = Number(m[2]);
  const minutes = m[3] === undefined ? 0 : Number(m[3]);
  if (hours > 18 || minutes > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();
function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    if (formatters.size < 1000) formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is a fixed offset, a known abbreviation or an IANA zone name. */
export function isValidZone(zone: string): boolean {
  return zone === 'local' || fixedOffsetMinutes(zone) !== undefined || formatterFor(zone) !== null;
}

/** Offset (minutes east of UTC) of an IANA zone at instant `utcMs`, or undefined for an unknown zone. */
export function ianaOffsetMinutes(zone: string, utcMs: number): number | undefined {
  const f = formatterFor(zone);
  if (f === null) return undefined;
  let y = 0,
    mo = 0,
    d = 0,
    h = 0,
    mi = 0,
    s = 0;
  for (const part of f.formatToParts(utcMs)) {
    switch (part.type) {
      case 'year':
        y = Number(part.value);
        break;
      case 'month':
        mo = Number(part.value);
        break;
      case 'day':
        d = Number(part.value);
        break;
      case 'hour':
        h = Number(part.value);
        break;
      case 'minute':
        mi = Number(part.value);
        break;
      case 'second':
        s = Number(part.value);
        break;
      default:
        break;
    }
  }
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60000);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `mo` (0-based) of year `y`. */
export function daysInMonth(y: number, mo: number): number {
  if (mo === 1 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) return 29;
  return MONTH_DAYS[mo] ?? 31;
}

/**
 * Epoch ms of a wall-clock time in `zone` (fixed offset, abbreviation, IANA name, or `local`:
 * the zone of the machine this runs on).
 * Returns NaN for an unknown zone or invalid fields (Feb 30, or Feb 29 in a common year, is
 * invalid rather than rolled over into March).
 */
export function wallToEpoch(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  zone: string,
): number {
  if (mo < 0 || mo > 11 || d < 1 || d > daysInMonth(y, mo) || h > 24 || mi > 59 || s > 60) return Number.NaN;
  const wall = Date.UTC(y, mo, d, h, mi, s, ms);
  if (y < 100) {
    // Date.UTC maps 0..99 to 1900..1999; we never produce those years on purpose.
    return Number.NaN;
  }
  if (zone === 'local') return new Date(y, mo, d, h, mi, s, ms).getTime();
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== undefined) return wall - fixed * 60000;
  const off1 = ianaOffsetMinutes(zone, wall);
  if (off1 === undefined) return Number.NaN;
  const guess = wall - off1 * 60000;
  const off2 = ianaOffsetMinutes(zone, guess) ?? off1;
  return off2 === off1 ? guess : wall - off2 * 60000;
}

const DAY_MS = 86_400_000;

/**
 * Year inference for stamps without a year (RFC 3164, logcat, Proxifier): the year that puts the
 * time closest before `now` + 1 day.
 */
export function inferYearEpoch(
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  zone: string,
  now: number,
): number {
  const limit = now + DAY_MS;
  const year = new Date(now).getUTCFullYear();
  for (let y = year + 1; y >= year - 1; y--) {
    const t = wallToEpoch(y, mo, d, h, mi, s, ms, zone);
    if (!Number.isNaN(t) && t <= limit) return t;
  }
  // Feb 29 in a run of non-leap years: search back up to 8 years.
  for (let y = year - 2; y >= year - 8; y--) {
    const t = wallToEpoch(y, mo, d, h, mi, s, ms, zone);
    if (!Number.isNaN(t) && t <= limit && new Date(t).getUTCDate() === d) return t;
  }
  return Number.NaN;
}

/** Two-digit year → four digits, pivoting so the result is at most 20 years ahead of `now`. */
export function expandYear(yy: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  const century = Math.floor(current / 100) * 100;
  let y = century + yy;
  if (y > current + 20) y -= 100;
  return y;
}

/** Milliseconds from a fraction string of any length (`5` → 500, `123456` → 123). */
export function fractionMs(fraction: string | undefined): number {
  if (fraction === undefined || fraction === '') return 0;
  if (fraction.length === 3) return Number(fraction);
  return Math.floor(Number(`0.${fraction}`) * 1000 + 1e-6);
}

/** Fast 2-digit parse at a position (no allocation); NaN when not digits. */
export function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return Number.NaN;
  return a * 10 + b;
}

export function digits4(s: string, i: number): number {
  const a = digits2(s, i);
  const b = digits2(s, i + 2);
  return a * 100 + b;
}

/** Valid epoch ms → ISO 8601 string, or undefined when out of the representable range. */
export function isoOrUndefined(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < -62135596800000 || ms > 253402300799999) return undefined;
  return new Date(ms).toISOString();
}

/** Result of parsing a time stamp. */
export interface ParsedTime {
  /** Epoch ms (UTC). */
  ms: number;
  /** The stamp had no year; it was inferred from the reference time. */
  yearInferred: boolean;
  /** The stamp had no zone; the configured default zone was assumed. */
  zoneAssumed: boolean;
}
