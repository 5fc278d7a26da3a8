/** Secrets never reach a log line or an answer we repeat: the userinfo of URLs is removed. */

/** The URL without its userinfo (`http://user:pw@host/` → `http://host/`). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return redactText(url);
  }
}

const isAsciiLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** A regex word character (`\w` without the `u` flag). */
const isWordChar = (c: number): boolean => isAsciiLetter(c) || isDigit(c) || c === 95;
/** A character of a URL scheme after its first letter: letter, digit, `+`, `.`, `-`. */
const isSchemeChar = (c: number): boolean => isAsciiLetter(c) || isDigit(c) || c === 43 || c === 46 || c === 45;
const SPACE = /\s/;
/** Ends a userinfo candidate: `/`, `@`, `"`, `'` or white space. */
const endsUserinfo = (ch: string): boolean => ch === '/' || ch === '@' || ch === '"' || ch === "'" || SPACE.test(ch);

/**
 * Text with the userinfo of any URL in it removed (answers may echo a URL): every
 * `scheme://userinfo@` (a scheme starting on a word boundary; userinfo without `/`, `@`, quotes or
 * white space) loses its `userinfo@`. Linear time: a scan from each `://`, each character looked
 * at a bounded number of times (a backtracking regex took quadratic time on text like `a.a.a.…`,
 * and the logger runs this on every message).
 */
export function redactText(text: string): string {
  let out = '';
  let from = 0;
  let sep = text.indexOf('://');
  while (sep >= 0) {
    // The scheme: the run of scheme characters before `://`, from its leftmost letter on a word boundary.
    let runStart = sep;
    while (runStart > from && isSchemeChar(text.charCodeAt(runStart - 1))) runStart--;
    let scheme = -1;
    for (let p = runStart; p < sep; p++) {
      const before = p === 0 ? -1 : text.charCodeAt(p - 1);
      if (isAsciiLetter(text.charCodeAt(p)) && (before < 0 || !isWordChar(before))) {
        scheme = p;
        break;
      }
    }
    let next = sep + 1;
    if (scheme >= 0) {
      let end = sep + 3;
      while (end < text.length && !endsUserinfo(text[end] as string)) end++;
      if (text[end] === '@') {
        out += text.slice(from, sep + 3);
        from = end + 1;
        next = from;
      }
    }
    sep = text.indexOf('://', next);
  }
  return out + text.slice(from);
}
