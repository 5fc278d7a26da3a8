/**
 * Find a time stamp at the start of a free-form log line, in every common shape: ISO 8601 and
 * log4j (`2015-07-29 17:41:44,747`), `yyyy/MM/dd`, `yyyy.MM.dd`, RFC 3164 (`Jun 14 15:16:01`),
 * ctime (`Sun Dec 04 04:47:44 2005`), HTTPDATE (`10/Oct/2000:13:55:36 -0700`), Tomcat
 * (`15-Mar-2024 10:00:00.123`), HDFS (`081109 203615`), Spark (`17/06/09 20:10:40`), US
 * (`03/15/2024 10:00:00`), logcat (`03-17 16:13:38.811`), Proxifier (`10.30 16:49:06`), HealthApp
 * (`20171223-22:15:29:606`), epoch seconds/ms. Also tried after one leading token (OpenStack's
 * file-name prefix) and after an opening `[`. One precompiled sticky RegExp per shape.
 */

import { DAY_ALTERNATION, MONTH_ALTERNATION, type ParsedTime } from '@driftwood/core';
import { extract, type Part } from './date-formats.ts';

export type TimestampShape =
  | 'iso'
  | 'healthapp'
  | 'hdfs'
  | 'spark'
  | 'us'
  | 'httpdate'
  | 'ctime'
  | 'rfc3164'
  | 'logcat'
  | 'proxifier'
  | 'epoch'
  | 'epoch_ms'
  | 'compact';

interface Detector {
  shape: TimestampShape;
  re: RegExp;
  parts: Part[];
  /** First-character class the detector can start with. */
  digit: boolean;
}

const M = MONTH_ALTERNATION;
const detectors: Detector[] = [
  {
    shape: 'iso',
    re: /(\d{4})[-/.](\d{2})[-/.](\d{2})[T _](\d{2}):(\d{2}):(\d{2})(?:[.,:](\d{1,9}))?(?: ?(Z|[+-]\d{2}:?\d{2}|UTC|GMT)(?![\w:]))?/y,
    parts: ['y4', 'M', 'd', 'H', 'm', 's', 'S', 'Z'],
    digit: true,
  },
  {
    shape: 'healthapp',
    re: /(\d{4})(\d{2})(\d{2})-(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[:.,](\d{1,3}))?/y,
    parts: ['y4', 'M', 'd', 'H', 'm', 's', 'msInt'],
    digit: true,
  },
  {
    shape: 'compact',
    re: /(\d{4})(\d{2})(\d{2})[T ](\d{2})(\d{2})(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{4})?(?!\d)/y,
    parts: ['y4', 'M', 'd', 'H', 'm', 's', 'S', 'Z'],
    digit: true,
  },
  {
    shape: 'hdfs',
    re: /(\d{2})(\d{2})(\d{2}) (\d{2})(\d{2})(\d{2})(?!\d)/y,
    parts: ['y2', 'M', 'd', 'H', 'm', 's'],
    digit: true,
  },
  {
    shape: 'spark',
    re: /(\d{2})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?/y,
    parts: ['y2', 'M', 'd', 'H', 'm', 's', 'S'],
    digit: true,
  },
  {
    shape: 'us',
    re: /(\d{2})\/(\d{2})\/(\d{4})[ :](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?/y,
    parts: ['M', 'd', 'y4', 'H', 'm', 's', 'S'],
    digit: true,
  },
  {
    shape: 'httpdate',
    re: new RegExp(
      `(\\d{1,2})[-/ ](${M})[-/ ](\\d{4})[ :](\\d{2}):(\\d{2}):(\\d{2})(?:[.,](\\d{1,9}))?(?: ([+-]\\d{4}))?`,
      'y',
    ),
    parts: ['d', 'MMM', 'y4', 'H', 'm', 's', 'S', 'Z'],
    digit: true,
  },
  {
    shape: 'logcat',
    re: /(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})\.(\d{3})/y,
    parts: ['M', 'd', 'H', 'm', 's', 'S'],
    digit: true,
  },
  {
    shape: 'proxifier',
    re: /(\d{2})\.(\d{2}) (\d{2}):(\d{2}):(\d{2})/y,
    parts: ['M', 'd', 'H', 'm', 's'],
    digit: true,
  },
  { shape: 'epoch_ms', re: /(1\d{12})(?![\d.])/y, parts: ['epochMs'], digit: true },
  { shape: 'epoch', re: /(1\d{9}(?:\.\d{1,9})?)(?![\d])/y, parts: ['epoch'], digit: true },
  {
    shape: 'ctime',
    re: new RegExp(
      `(?:${DAY_ALTERNATION}),? (${M}) +(\\d{1,2}) (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?: ([A-Z]{3,4}|[+-]\\d{4}))? (\\d{4})`,
      'y',
    ),
    parts: ['MMM', 'd', 'H', 'm', 's', 'S', 'Z', 'y4'],
    digit: false,
  },
  {
    shape: 'rfc3164',
    re: new RegExp(`(${M}) +(\\d{1,2})(?:,? (\\d{4}))? (\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?`, 'y'),
    parts: ['MMM', 'd', 'y4', 'H', 'm', 's', 'S'],
    digit: false,
  },
];

export interface FoundTimestamp extends ParsedTime {
  shape: TimestampShape;
  /** Index in the line where the stamp starts. */
  start: number;
  /** Index just after the stamp (and a closing `]` when it was bracketed). */
  end: number;
  /** Text before the stamp (OpenStack's file name), when the stamp was not first. */
  prefix?: string;
}

function tryAt(line: string, pos: number, zone: string, now: number): FoundTimestamp | undefined {
  let p = pos;
  const open = line.charCodeAt(p);
  const bracketed = open === 91 /* [ */;
  if (bracketed) p++;
  const c = line.charCodeAt(p);
  const digit = c >= 48 && c <= 57;
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (!digit && !letter) return undefined;
  for (const d of detectors) {
    if (d.digit !== digit) continue;
    d.re.lastIndex = p;
    const m = d.re.exec(line);
    if (m === null) continue;
    const t = extract(m, d.parts, zone, now);
    if (t === undefined) continue;
    let end = p + m[0].length;
    if (bracketed && line.charCodeAt(end) === 93) end++;
    return { ms: t.ms, yearInferred: t.yearInferred, zoneAssumed: t.zoneAssumed, shape: d.shape, start: pos, end };
  }
  return undefined;
}

/**
 * Look for a stamp at the start of the line, else after the first token (≤ 128 chars).
 * `zone` applies to stamps without one; `now` drives year inference and 2-digit years.
 */
export function findTimestamp(line: string, zone: string, now: number): FoundTimestamp | undefined {
  let start = 0;
  while (start < line.length && (line.charCodeAt(start) === 32 || line.charCodeAt(start) === 9)) start++;
  const first = tryAt(line, start, zone, now);
  if (first !== undefined) return first;
  const sp = line.indexOf(' ', start);
  if (sp === -1 || sp - start > 128) return undefined;
  let next = sp + 1;
  while (next < line.length && line.charCodeAt(next) === 32) next++;
  const second = tryAt(line, next, zone, now);
  if (second !== undefined) second.prefix = line.slice(start, sp);
  return second;
}
