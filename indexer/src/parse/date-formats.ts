/**
 * Time-stamp layouts compiled once to a RegExp plus an extraction plan. Accepts Joda/Java
 * layouts (`yyyy-MM-dd HH:mm:ss,SSS`, `dd/MMM/yyyy:HH:mm:ss Z`, `MMM d HH:mm:ss`) and the
 * named formats ISO8601, UNIX, UNIX_MS, HTTPDATE, RFC3164 (alias SYSLOG), RFC2822.
 */
import {
  DAY_ALTERNATION,
  expandYear,
  fixedOffsetMinutes,
  fractionMs,
  inferYearEpoch,
  MONTH_ALTERNATION,
  monthIndex,
  type ParsedTime,
  wallToEpoch,
} from '@driftwood/core';

export type Part =
  | 'y4'
  | 'y2'
  | 'M'
  | 'MMM'
  | 'd'
  | 'H'
  | 'h'
  | 'm'
  | 's'
  | 'S'
  | 'msInt'
  | 'Z'
  | 'zone'
  | 'a'
  | 'E'
  | 'epoch'
  | 'epochMs';

export interface CompiledFormat {
  readonly source: string;
  readonly regex: RegExp;
  /** Parse a string with this layout; undefined when it does not match or the fields are invalid. */
  parse(text: string, defaultZone: string, now: number): (ParsedTime & { length: number }) | undefined;
}

const NAMED: Record<string, { src: string; parts: Part[] }> = {
  ISO8601: {
    src: '(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)? ?(Z|[+-]\\d{2}(?::?\\d{2})?)?',
    parts: ['y4', 'M', 'd', 'H', 'm', 's', 'S', 'Z'],
  },
  UNIX: { src: '(-?\\d{1,12}(?:\\.\\d{1,9})?)', parts: ['epoch'] },
  UNIX_MS: { src: '(-?\\d{1,15})', parts: ['epochMs'] },
  HTTPDATE: {
    src: `(\\d{1,2})/(${MONTH_ALTERNATION})/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2}) ([+-]\\d{4})`,
    parts: ['d', 'MMM', 'y4', 'H', 'm', 's', 'Z'],
  },
  RFC3164: {
    src: `(${MONTH_ALTERNATION}) +(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?`,
    parts: ['MMM', 'd', 'H', 'm', 's', 'S'],
  },
  RFC2822: {
    src: `(?:(?:${DAY_ALTERNATION}), )?(\\d{1,2}) (${MONTH_ALTERNATION}) (\\d{4}) (\\d{2}):(\\d{2})(?::(\\d{2}))? ?([+-]\\d{4}|[A-Z]{1,5})?`,
    parts: ['d', 'MMM', 'y4', 'H', 'm', 's', 'Z'],
  },
};
NAMED.SYSLOG = NAMED.RFC3164 as { src: string; parts: Part[] };

const NUMERIC = new Set(['y', 'M', 'd', 'H', 'h', 'k', 'm', 's', 'S']);

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Translate a Joda layout to a regex source and its capture plan. */
function translateJoda(layout: string): { src: string; parts: Part[] } {
  const tokens: { letter: string; count: number; literal?: string }[] = [];
  for (let i = 0; i < layout.length; ) {
    const c = layout[i] as string;
    if (c === "'") {
      const end = layout.indexOf("'", i + 1);
      const lit = end === -1 ? layout.slice(i + 1) : layout.slice(i + 1, end);
      tokens.push({ letter: '', count: 0, literal: lit === '' ? "'" : lit });
      i = end === -1 ? layout.length : end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (layout[j] === c) j++;
      tokens.push({ letter: c, count: j - i });
      i = j;
    } else {
      tokens.push({ letter: '', count: 0, literal: c });
      i++;
    }
  }
  let src = '';
  const parts: Part[] = [];
  tokens.forEach((t, idx) => {
    if (t.literal !== undefined) {
      src += t.literal === ' ' ? ' +' : escapeRegex(t.literal);
      return;
    }
    const prev = tokens[idx - 1];
    const next = tokens[idx + 1];
    const packed = (prev !== undefined && NUMERIC.has(prev.letter)) || (next !== undefined && NUMERIC.has(next.letter));
    const width = (min: number): string => (packed ? `\\d{${t.count}}` : `\\d{${min},${Math.max(t.count, 2)}}`);
    switch (t.letter) {
      case 'y':
      case 'u':
        if (t.count === 2) {
          src += '(\\d{2})';
          parts.push('y2');
        } else {
          src += '(\\d{4})';
          parts.push('y4');
        }
        break;
      case 'M':
        if (t.count >= 3) {
          src += `(${MONTH_ALTERNATION})`;
          parts.push('MMM');
        } else {
          src += `(${width(1)})`;
          parts.push('M');
        }
        break;
      case 'd':
        src += `(${width(1)})`;
        parts.push('d');
        break;
      case 'H':
      case 'k':
        src += `(${width(1)})`;
        parts.push('H');
        break;
      case 'h':
      case 'K':
        src += `(${width(1)})`;
        parts.push('h');
        break;
      case 'm':
        src += `(${width(2)})`;
        parts.push('m');
        break;
      case 's':
        src += `(${width(2)})`;
        parts.push('s');
        break;
      case 'S':
        src += packed ? `(\\d{${t.count}})` : '(\\d{1,9})';
        parts.push('S');
        break;
      case 'Z':
      case 'X':
      case 'x':
        if (t.count >= 3 && t.letter === 'Z') {
          src += '([A-Za-z_]+(?:/[A-Za-z_+\\-0-9]+){0,3})';
          parts.push('zone');
        } else {
          src += '(Z|[+-]\\d{2}(?::?\\d{2})?)';
          parts.push('Z');
        }
        break;
      case 'z':
      case 'V':
        src += '([A-Za-z_]+(?:/[A-Za-z_+\\-0-9]+){0,3}|[+-]\\d{2}:?\\d{2})';
        parts.push('zone');
        break;
      case 'E':
        src += `(${DAY_ALTERNATION})`;
        parts.push('E');
        break;
      case 'a':
        src += '(AM|PM|am|pm)';
        parts.push('a');
        break;
      case 'T':
        src += 'T';
        break;
      default:
        src += escapeRegex(t.letter.repeat(t.count));
        break;
    }
  });
  return { src, parts };
}

/**
 * Compile a layout. `anchorEnd: false` matches a prefix (used to find a stamp at the start of a
 * line) and reports the matched length.
 */
export function compileFormat(layout: string, options: { anchorEnd?: boolean } = {}): CompiledFormat {
  const spec = NAMED[layout.toUpperCase()] ?? translateJoda(layout);
  const regex = new RegExp(`^(?:${spec.src})${options.anchorEnd === false ? '' : '$'}`);
  const parts = spec.parts;
  return {
    source: layout,
    regex,
    parse(text, defaultZone, now) {
      const m = regex.exec(text);
      if (m === null) return undefined;
      return extract(m, parts, defaultZone, now);
    },
  };
}

/** Turn the captures of a compiled layout into epoch ms. */
export function extract(
  m: RegExpExecArray,
  parts: readonly Part[],
  defaultZone: string,
  now: number,
): (ParsedTime & { length: number }) | undefined {
  let y = -1,
    mo = 0,
    d = 1,
    h = 0,
    mi = 0,
    s = 0,
    ms = 0;
  let pm: boolean | undefined;
  let zone: string | undefined;
  for (let i = 0; i < parts.length; i++) {
    const v = m[i + 1];
    if (v === undefined) continue;
    switch (parts[i]) {
      case 'y4':
        y = Number(v);
        break;
      case 'y2':
        y = expandYear(Number(v), now);
        break;
      case 'M':
        mo = Number(v) - 1;
        break;
      case 'MMM':
        mo = monthIndex(v);
        break;
      case 'd':
        d = Number(v);
        break;
      case 'H':
        h = Number(v);
        break;
      case 'h':
        h = Number(v) % 12;
        break;
      case 'm':
        mi = Number(v);
        break;
      case 's':
        s = Number(v);
        break;
      case 'S':
        ms = fractionMs(v);
        break;
      case 'msInt':
        ms = Number(v);
        break;
      case 'Z':
      case 'zone':
        zone = v;
        break;
      case 'a':
        pm = v === 'PM' || v === 'pm';
        break;
      case 'E':
        break;
      case 'epoch': {
        const t = Math.round(Number(v) * 1000);
        return Number.isFinite(t) ? { ms: t, yearInferred: false, zoneAssumed: false, length: m[0].length } : undefined;
      }
      case 'epochMs': {
        const t = Number(v);
        return Number.isFinite(t) ? { ms: t, yearInferred: false, zoneAssumed: false, length: m[0].length } : undefined;
      }
      default:
        break;
    }
  }
  if (pm === true) h += 12;
  if (mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const z = zone ?? defaultZone;
  const t = y === -1 ? inferYearEpoch(mo, d, h, mi, s, ms, z, now) : wallToEpoch(y, mo, d, h, mi, s, ms, z);
  if (Number.isNaN(t)) return undefined;
  // Reject impossible calendar dates (Feb 30) that Date.UTC would roll over.
  const fixed = fixedOffsetMinutes(z);
  if (fixed !== undefined && new Date(t + fixed * 60000).getUTCDate() !== d) return undefined;
  return { ms: t, yearInferred: y === -1, zoneAssumed: zone === undefined, length: m[0].length };
}
