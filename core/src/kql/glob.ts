/**
 * Linear-time wildcard matching: `*` matches any run of characters (newlines included), the rest
 * is literal. Patterns come from queries and texts from log content, both attacker-controlled, so
 * no regular expression is built from either: a backtracking regex like `^.*a.*a.*a.*b$` takes
 * time exponential in the number of stars, while this matcher needs at most O(n·m) steps
 * (n = text length, m = pattern length) and in practice O(n).
 *
 * How: the pattern is split at its stars into a prefix, middle pieces and a suffix. The prefix must
 * start the text and the suffix end it; each middle piece is found at its leftmost place after the
 * previous one. Taking the leftmost place never loses a match, because a star may absorb anything
 * between two pieces.
 */
import type { KqlPatternPart } from './ast.ts';

export interface GlobOptions {
  /**
   * Compare the way a JavaScript regex with the `i` flag (and no `u`) does: each UTF-16 code unit
   * by its upper-case form, when that is one code unit and does not turn a non-ASCII letter into an
   * ASCII one.
   */
  caseInsensitive?: boolean;
}

/** A compiled pattern: true when the whole text matches. */
export type GlobMatcher = (text: string) => boolean;

/** One UTF-16 code unit as a regex `i` flag (without `u`) compares it (ECMAScript Canonicalize). */
function canonicalUnit(code: number): number {
  if (code < 128) return code >= 97 && code <= 122 ? code - 32 : code;
  const upper = String.fromCharCode(code).toUpperCase();
  if (upper.length !== 1) return code;
  const u = upper.charCodeAt(0);
  return u < 128 ? code : u;
}

/** The text with every code unit canonicalised (same length, so positions carry over). */
export function canonicalCase(text: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const canonical = canonicalUnit(code);
    if (canonical === code) continue;
    out += text.slice(start, i) + String.fromCharCode(canonical);
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
}

/**
 * Compiles a pattern (literal pieces and `{ wildcard: '*' }` markers, as in a KQL term) into a
 * matcher for whole texts. Adjacent literals are joined and adjacent stars act as one.
 */
export function compileGlob(pattern: readonly KqlPatternPart[], options: GlobOptions = {}): GlobMatcher {
  const fold = options.caseInsensitive === true ? canonicalCase : (text: string) => text;
  const pieces: string[] = [''];
  for (const part of pattern) {
    if (typeof part === 'string') pieces[pieces.length - 1] += fold(part);
    else pieces.push('');
  }
  if (pieces.length === 1) {
    const literal = pieces[0] as string;
    return (text) => fold(text) === literal;
  }
  const prefix = pieces[0] as string;
  const suffix = pieces[pieces.length - 1] as string;
  const middles = pieces.slice(1, -1).filter((piece) => piece !== '');
  const minLength = prefix.length + suffix.length + middles.reduce((sum, piece) => sum + piece.length, 0);
  return (input) => {
    if (input.length < minLength) return false;
    const text = fold(input);
    if (!text.startsWith(prefix)) return false;
    const end = text.length - suffix.length;
    if (!text.endsWith(suffix)) return false;
    let at = prefix.length;
    for (const piece of middles) {
      const found = text.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return at <= end;
  };
}

/** Does the whole text match the pattern? Compile once with `compileGlob` to match many texts. */
export function matchesGlob(pattern: readonly KqlPatternPart[], text: string, options: GlobOptions = {}): boolean {
  return compileGlob(pattern, options)(text);
}
