/**
 * `driftwood.message_pattern`: an event's message with what varies from one occurrence to the
 * next masked, so "top error messages" can be counted by pattern over the whole window (a terms
 * aggregation on a keyword) rather than clustered from a sample: `order 4711 failed for
 * 10.0.0.7` and `order 12 failed for 192.168.1.1` are both `order <num> failed for <ip>`.
 *
 * Masked: quoted strings (`"…"`, and `'…'` opening at a word boundary) → `<str>`; UUIDs →
 * `<uuid>`; IPv4 (with a port) and IPv6 addresses → `<ip>`; numbers, dotted or coloned
 * (`3.14`, `12:30:45`) → `<num>`; hex ids (`0x1f`, 8+ hex digits mixing digits and a–f) → `<hex>`;
 * runs longer than 64 characters (tokens, base64) → `<blob>`; and inside other words, digit runs
 * that are not between two letters (`user42` → `user<num>`, `sensor-07` → `sensor-<num>`, `i2c`
 * kept).
 *
 * A hand-written scanner, one pass, no regular expressions: linear in the input, which is cut to
 * MAX_INPUT characters first; the pattern is at most MAX_PATTERN characters (cut at a word
 * boundary, ending in `…`). It is idempotent: a pattern is its own pattern (the placeholders hold
 * no digits and are never composite; see message-pattern.test.ts).
 */

export const MESSAGE_PATTERN_FIELD = 'driftwood.message_pattern';
/** Characters of the message looked at. */
export const MAX_INPUT = 2048;
/** Characters of a pattern at most. */
export const MAX_PATTERN = 512;
/** A run of word characters longer than this (and holding no placeholder) is masked whole. */
const MAX_RUN = 64;
const ELLIPSIS = '…';

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isHexLetter = (c: number) => (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const isHex = (c: number) => isDigit(c) || isHexLetter(c);
/** Separators inside a run: `.` `:` `_` `-`. */
const isSeparator = (c: number) => c === 46 || c === 58 || c === 95 || c === 45;
/** Characters a run (a word, an address, a number) is made of; `<` `>` so placeholders stay in their run. */
const isRunChar = (c: number) => isDigit(c) || isLetter(c) || isSeparator(c) || c === 60 || c === 62;

/** Every character of s[from, to) satisfies ok. */
function all(s: string, from: number, to: number, ok: (c: number) => boolean): boolean {
  for (let i = from; i < to; i++) if (!ok(s.charCodeAt(i))) return false;
  return true;
}

/** 8-4-4-4-12 hex digits. */
function isUuid(r: string): boolean {
  if (r.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = r.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!isHex(c)) return false;
  }
  return true;
}

/** `a.b.c.d` (1–3 digits each), optionally `:port`. */
function isIpv4(r: string): boolean {
  let groups = 0;
  let digits = 0;
  let i = 0;
  for (; i < r.length; i++) {
    const c = r.charCodeAt(i);
    if (isDigit(c)) {
      if (++digits > 3) return false;
    } else if (c === 46 && digits > 0 && groups < 3) {
      groups++;
      digits = 0;
    } else break;
  }
  if (groups !== 3 || digits === 0) return false;
  if (i === r.length) return true;
  return r.charCodeAt(i) === 58 && i + 1 < r.length && all(r, i + 1, r.length, isDigit);
}

/** Hex groups and colons (at least two), a digit among them, ending in a hex digit (`fe80::1`, `2001:db8::7`). */
function isIpv6(r: string): boolean {
  let colons = 0;
  let digit = false;
  for (let i = 0; i < r.length; i++) {
    const c = r.charCodeAt(i);
    if (c === 58) colons++;
    else if (isDigit(c)) digit = true;
    else if (!isHexLetter(c) && c !== 46) return false;
  }
  return colons >= 2 && digit && isHex(r.charCodeAt(r.length - 1));
}

/** Digits, in groups joined by `.` or `:` (`42`, `3.14`, `12:30:45.120`). */
function isNumber(r: string): boolean {
  let digits = 0;
  for (let i = 0; i < r.length; i++) {
    const c = r.charCodeAt(i);
    if (isDigit(c)) digits++;
    else if ((c === 46 || c === 58) && digits > 0 && i + 1 < r.length) digits = 0;
    else return false;
  }
  return digits > 0;
}

/** One atom of a run (between separators): a hex id, or its digit runs not between two letters masked. */
function maskAtom(a: string): string {
  if (a.length === 0) return a;
  if (a.length > 2 && a.charCodeAt(0) === 48 && (a.charCodeAt(1) === 120 || a.charCodeAt(1) === 88)) {
    if (all(a, 2, a.length, isHex)) return '<hex>';
  }
  if (a.length >= 8 && all(a, 0, a.length, isHex)) {
    let digit = false;
    let letter = false;
    for (let i = 0; i < a.length; i++) {
      if (isDigit(a.charCodeAt(i))) digit = true;
      else letter = true;
    }
    if (digit && letter) return '<hex>';
  }
  let out = '';
  let i = 0;
  while (i < a.length) {
    if (!isDigit(a.charCodeAt(i))) {
      out += a[i];
      i++;
      continue;
    }
    let j = i;
    while (j < a.length && isDigit(a.charCodeAt(j))) j++;
    const between = i > 0 && isLetter(a.charCodeAt(i - 1)) && j < a.length && isLetter(a.charCodeAt(j));
    out += between ? a.slice(i, j) : '<num>';
    i = j;
  }
  return out;
}

/** One run of word characters → its masked form (trailing separators kept as they are). */
function maskRun(run: string): string {
  // a sentence's `.` or a label's `:` after an address or a number is not part of it
  let end = run.length;
  while (end > 0 && isSeparator(run.charCodeAt(end - 1))) end--;
  const r = run.slice(0, end);
  const tail = run.slice(end);
  if (isUuid(r)) return `<uuid>${tail}`;
  if (isIpv4(r)) return `<ip>${tail}`;
  if (isNumber(r)) return `<num>${tail}`;
  if (isIpv6(r)) return `<ip>${tail}`;
  if (r.length > MAX_RUN && !r.includes('<')) return `<blob>${tail}`;
  return maskAtoms(run);
}

/** A run that is not one thing: each atom between separators masked on its own. */
function maskAtoms(r: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i <= r.length; i++) {
    if (i === r.length || isSeparator(r.charCodeAt(i))) {
      out += maskAtom(r.slice(start, i));
      if (i < r.length) out += r[i];
      start = i + 1;
    }
  }
  return out;
}

/** The pattern of a message; see the module comment. */
export function messagePattern(message: string): string {
  const s = message.length > MAX_INPUT ? message.slice(0, MAX_INPUT) : message;
  let out = '';
  // once a quote character has no closer left, none after it has one either
  let noDouble = false;
  let noSingle = false;
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isRunChar(c)) {
      let j = i + 1;
      while (j < s.length && isRunChar(s.charCodeAt(j))) j++;
      out += maskRun(s.slice(i, j));
      i = j;
      continue;
    }
    const opens = (c === 34 && !noDouble) || (c === 39 && !noSingle && (i === 0 || !isRunChar(s.charCodeAt(i - 1))));
    if (opens) {
      const close = s.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close !== -1) {
        out += '<str>';
        i = close + 1;
        continue;
      }
      if (c === 34) noDouble = true;
      else noSingle = true;
    }
    out += s[i];
    i++;
  }
  if (out.length <= MAX_PATTERN) return out;
  // cut before the last run that does not fit whole, so the pattern stays its own pattern
  let cut = MAX_PATTERN - ELLIPSIS.length;
  while (cut > 0 && isRunChar(out.charCodeAt(cut))) cut--;
  return out.slice(0, cut) + ELLIPSIS;
}
