/**
 * Tokenising text fields the way Elasticsearch's and OpenSearch's `standard` analyzer does:
 * Unicode word boundaries (UAX #29), lower-cased, tokens longer than 255 characters split.
 * The embedded store indexes these tokens; the search engines use their own standard analyzer,
 * and a property test against a real OpenSearch `_analyze` keeps the two equal.
 */

const MAX_TOKEN_LENGTH = 255;

const enum_ = {
  Other: 0,
  ALetter: 1,
  Numeric: 2,
  MidLetter: 3,
  MidNum: 4,
  MidNumLet: 5,
  ExtendNumLet: 6,
  Extend: 7,
  Katakana: 8,
  /** Han ideographs and Hiragana: one token per character. */
  Single: 9,
  /** Emoji (Extended_Pictographic): one token per emoji sequence. */
  Emoji: 10,
  ZWJ: 11,
  SouthEastAsian: 12,
} as const;
type WordClass = (typeof enum_)[keyof typeof enum_];
const C = enum_;

const MID_LETTER = new Set([0x3a, 0xb7, 0x387, 0x55f, 0x5f4, 0x2027, 0xfe13, 0xfe55, 0xff1a]);
const MID_NUM = new Set([
  0x2c, 0x3b, 0x37e, 0x589, 0x60c, 0x60d, 0x66c, 0x7f8, 0x2044, 0xfe10, 0xfe14, 0xfe50, 0xfe54, 0xff0c, 0xff1b,
]);
const MID_NUM_LET = new Set([0x2e, 0x27, 0x2018, 0x2019, 0x2024, 0xfe52, 0xff07, 0xff0e]);
const EXTEND_NUM_LET = new Set([0x5f, 0x202f, 0x203f, 0x2040, 0x2054, 0xfe33, 0xfe34, 0xfe4d, 0xfe4e, 0xfe4f, 0xff3f]);

const RE_EXTEND = /[\p{M}\p{Cf}]/u;
/** Emoji skin-tone modifiers extend the emoji before them. */
const isSkinTone = (cp: number): boolean => cp >= 0x1f3fb && cp <= 0x1f3ff;
const RE_KATAKANA = /[\p{Script=Katakana}\u3031-\u3035\u309B\u309C\u30A0\u30FC\uFF70]/u;
const RE_SINGLE = /[\p{Script=Han}\p{Script=Hiragana}]/u;
const RE_SEA = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Myanmar}\p{Script=Khmer}]/u;
const RE_EMOJI = /\p{Extended_Pictographic}/u;
const RE_ALETTER = /[\p{Alphabetic}]/u;
const RE_NUMERIC = /\p{Nd}/u;

const classCache = new Map<number, WordClass>();

function classify(cp: number): WordClass {
  if (cp < 0x80) {
    if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a)) return C.ALetter;
    if (cp >= 0x30 && cp <= 0x39) return C.Numeric;
    if (cp === 0x5f) return C.ExtendNumLet;
    if (cp === 0x2e || cp === 0x27) return C.MidNumLet;
    if (cp === 0x3a) return C.MidLetter;
    if (cp === 0x2c || cp === 0x3b) return C.MidNum;
    return C.Other;
  }
  const cached = classCache.get(cp);
  if (cached !== undefined) return cached;
  const ch = String.fromCodePoint(cp);
  let cls: WordClass;
  if (cp === 0x200d) cls = C.ZWJ;
  else if (MID_LETTER.has(cp)) cls = C.MidLetter;
  else if (MID_NUM.has(cp)) cls = C.MidNum;
  else if (MID_NUM_LET.has(cp)) cls = C.MidNumLet;
  else if (EXTEND_NUM_LET.has(cp)) cls = C.ExtendNumLet;
  else if (isSkinTone(cp)) cls = C.Emoji;
  else if (RE_EXTEND.test(ch)) cls = C.Extend;
  else if (RE_KATAKANA.test(ch)) cls = C.Katakana;
  else if (RE_SINGLE.test(ch)) cls = C.Single;
  else if (RE_SEA.test(ch)) cls = C.SouthEastAsian;
  else if (RE_EMOJI.test(ch)) cls = C.Emoji;
  else if (RE_NUMERIC.test(ch)) cls = C.Numeric;
  else if (RE_ALETTER.test(ch)) cls = C.ALetter;
  else cls = C.Other;
  if (classCache.size < 65_536) classCache.set(cp, cls);
  return cls;
}

interface Unit {
  cls: WordClass;
  start: number;
  end: number;
}

/** Code points grouped with their trailing Extend/Format/ZWJ characters (rule WB4). */
function units(text: string): Unit[] {
  const out: Unit[] = [];
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i) as number;
    const size = cp > 0xffff ? 2 : 1;
    const cls = classify(cp);
    const last = out[out.length - 1];
    if (isSkinTone(cp) && last !== undefined && !PUNCTUATION.has(last.cls) && last.end === i) {
      last.end = i + size; // a modifier extends what precedes it (WB4); alone it is an emoji
    } else if ((cls === C.Extend || cls === C.ZWJ) && last !== undefined && last.cls !== C.Other) {
      last.end = i + size;
      if (cls === C.ZWJ && last.cls === C.Emoji) {
        // an emoji ZWJ sequence: the next pictograph joins this unit (WB3c)
        const nextCp = text.codePointAt(i + size);
        if (nextCp !== undefined && classify(nextCp) === C.Emoji) {
          const nextSize = nextCp > 0xffff ? 2 : 1;
          last.end = i + size + nextSize;
          i += size + nextSize;
          continue;
        }
      }
    } else {
      out.push({ cls, start: i, end: i + size });
    }
    i += size;
  }
  return out;
}

/** Classes a skin-tone modifier does not extend (it starts an emoji token instead). */
const PUNCTUATION = new Set<WordClass>([C.Other, C.MidLetter, C.MidNum, C.MidNumLet]);

const isAH = (c: WordClass | undefined): boolean => c === C.ALetter;

/**
 * ASCII fast path, equivalent to the rules below restricted to ASCII: letters, digits and `_`
 * join; `:` joins two letters; `.` and `'` join two letters or two digits; `,` and `;` join two
 * digits. Runs of `_` alone are not words. A hand-written scanner: several times cheaper than
 * the equivalent regular expression (which needs lookbehinds), and tokenising is on the ingest path.
 */
const NON_ASCII = /[^\x00-\x7f]/;

/** Character kinds for ASCII: 1 letter, 2 digit, 3 underscore, 0 other. */
const ASCII_KIND = new Uint8Array(128);
for (let c = 0x61; c <= 0x7a; c++) ASCII_KIND[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) ASCII_KIND[c] = 1;
for (let c = 0x30; c <= 0x39; c++) ASCII_KIND[c] = 2;
ASCII_KIND[0x5f] = 3;

/** Whether `joiner` between kinds `before` and `after` keeps one word (WB6/7, WB11/12 in ASCII). */
function joins(joiner: number, before: number, after: number): boolean {
  if (before === 1 && after === 1) return joiner === 0x3a || joiner === 0x2e || joiner === 0x27;
  if (before === 2 && after === 2) return joiner === 0x2e || joiner === 0x2c || joiner === 0x3b || joiner === 0x27;
  return false;
}

function tokenizeAscii(text: string): string[] {
  const lower = text.toLowerCase();
  const tokens: string[] = [];
  const n = lower.length;
  let i = 0;
  while (i < n) {
    if (ASCII_KIND[lower.charCodeAt(i)] === 0) {
      i++;
      continue;
    }
    const start = i;
    let hasWordChar = false;
    for (;;) {
      let kind = ASCII_KIND[lower.charCodeAt(i)] as number;
      while (i < n && kind !== 0) {
        if (kind !== 3) hasWordChar = true;
        i++;
        kind = i < n ? (ASCII_KIND[lower.charCodeAt(i)] as number) : 0;
      }
      if (
        i + 1 < n &&
        joins(
          lower.charCodeAt(i),
          ASCII_KIND[lower.charCodeAt(i - 1)] as number,
          ASCII_KIND[lower.charCodeAt(i + 1)] as number,
        )
      ) {
        i++;
        continue;
      }
      break;
    }
    const word = lower.slice(start, i);
    if (word.length > MAX_TOKEN_LENGTH) pushToken(tokens, word);
    else if (hasWordChar) tokens.push(word);
  }
  return tokens;
}

/** The lower-cased words of a text, as the standard analyzer produces them. */
export function tokenize(text: string): string[] {
  return NON_ASCII.test(text) ? tokenizeUnicode(text) : tokenizeAscii(text);
}

/**
 * The words of a text between single spaces, with a space before and after (` get api orders `;
 * two spaces when there is none): what the embedded store keeps to match words in. The same as
 * joining `tokenize(text)`; plain ASCII text (the usual log line) takes one pass and no list.
 */
export function spacedTokens(text: string): string {
  if (scratch.length < text.length + 2) scratch = Buffer.allocUnsafe(2 * text.length + 2);
  const end = writePlainTokens(text, scratch, 0);
  return end < 0 ? ` ${tokenize(text).join(' ')} ` : scratch.toString('latin1', 0, end);
}

let scratch = Buffer.allocUnsafe(1024);

/**
 * Writes spacedTokens(text) as bytes at `pos` of `out` (room for text.length + 2 bytes needed) and
 * returns the position after them, for text whose words are simply its runs of ASCII letters and
 * digits. Returns -1, having written garbage, for any other text: non-ASCII, `_`, a joiner
 * between two letters or two digits (`a:b`, `1.5`, `it's`), or a run longer than a token may be.
 */
export function writePlainTokens(text: string, out: Uint8Array, pos: number): number {
  out[pos++] = 0x20;
  const first = pos;
  let start = -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) return -1;
    const kind = ASCII_KIND[c] as number;
    if (kind === 1 || kind === 2) {
      if (start < 0) start = i;
      else if (i - start >= MAX_TOKEN_LENGTH) return -1;
      out[pos++] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
      continue;
    }
    if (kind === 3) return -1;
    if (start >= 0) {
      const next = i + 1 < n ? (ASCII_KIND[text.charCodeAt(i + 1) & 0x7f] as number) : 0;
      if (joins(c, ASCII_KIND[text.charCodeAt(i - 1)] as number, next)) return -1;
      out[pos++] = 0x20;
      start = -1;
    }
  }
  if (start >= 0 || pos === first) out[pos++] = 0x20;
  return pos;
}

/** The full UAX #29 path for text with non-ASCII characters (exported for tests). */
export function tokenizeUnicode(text: string): string[] {
  const tokens: string[] = [];
  const us = units(text);
  let i = 0;
  while (i < us.length) {
    const first = us[i] as Unit;
    const c = first.cls;
    if (c === C.Single || c === C.Emoji) {
      pushToken(tokens, text.slice(first.start, first.end));
      i++;
      continue;
    }
    if (c === C.SouthEastAsian) {
      let j = i + 1;
      while (j < us.length && us[j]?.cls === C.SouthEastAsian) j++;
      pushToken(tokens, text.slice(first.start, (us[j - 1] as Unit).end));
      i = j;
      continue;
    }
    if (c !== C.ALetter && c !== C.Numeric && c !== C.Katakana && c !== C.ExtendNumLet) {
      i++;
      continue;
    }
    // Extend the word while no boundary is allowed.
    let j = i;
    let hasWordChar = c !== C.ExtendNumLet;
    while (j + 1 < us.length) {
      const a = (us[j] as Unit).cls;
      const b = (us[j + 1] as Unit).cls;
      const after = us[j + 2]?.cls;
      if (
        (isAH(a) && isAH(b)) || // WB5
        (a === C.Numeric && b === C.Numeric) || // WB8
        (isAH(a) && b === C.Numeric) || // WB9
        (a === C.Numeric && isAH(b)) || // WB10
        (a === C.Katakana && b === C.Katakana) || // WB13
        ((isAH(a) || a === C.Numeric || a === C.Katakana || a === C.ExtendNumLet) && b === C.ExtendNumLet) || // WB13a
        (a === C.ExtendNumLet && (isAH(b) || b === C.Numeric || b === C.Katakana)) // WB13b
      ) {
        j++;
        if (b !== C.ExtendNumLet) hasWordChar = true;
        continue;
      }
      if (isAH(a) && (b === C.MidLetter || b === C.MidNumLet) && isAH(after)) {
        j += 2; // WB6, WB7
        continue;
      }
      if (a === C.Numeric && (b === C.MidNum || b === C.MidNumLet) && after === C.Numeric) {
        j += 2; // WB11, WB12
        continue;
      }
      break;
    }
    if (hasWordChar) pushToken(tokens, text.slice(first.start, (us[j] as Unit).end));
    i = j + 1;
  }
  return tokens;
}

function pushToken(tokens: string[], raw: string): void {
  const lower = raw.toLowerCase();
  if (lower.length <= MAX_TOKEN_LENGTH) {
    tokens.push(lower);
    return;
  }
  for (let k = 0; k < lower.length; k += MAX_TOKEN_LENGTH) tokens.push(lower.slice(k, k + MAX_TOKEN_LENGTH));
}
