/**
 * What usually follows a time stamp in application logs, read token by token (no regex
 * backtracking): a pid, a level word (`INFO`, `[notice]`, `WARN:`), a `[thread]`, a logger
 * (`org.apache.Foo:`, `dfs.DataNode$PacketResponder:`), `[pid 1:tid 2]`, `[client 1.2.3.4]`,
 * separators (`-`, `|`, `---`). Also logcat (`pid tid L tag: msg`) and pipe-delimited
 * (`|component|pid|msg`). Fills ECS fields and returns the message.
 */
import { type LogDocument, setField } from '@driftwood/core';
import { isIp } from './ip.ts';
import { isLevelWord, normalizeLevel } from './level.ts';

const LOGCAT = /^\s*(\d+)\s+(\d+)\s+([VDIWEFA])\s+([^:]*?)\s*: ?/;
const LOGGER = /^[A-Za-z_$][\w$-]*(?:\.[\w$-]+)+$/;
const MAX_TOKENS = 6;

function isUpperLevel(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase() && isLevelWord(word);
}

function isAnyCaseLevel(word: string): boolean {
  return (
    isLevelWord(word) && (word === word.toLowerCase() || word === word.toUpperCase() || /^[A-Z][a-z]+$/.test(word))
  );
}

function setLevel(doc: LogDocument, word: string): void {
  const level = normalizeLevel(word);
  if (level !== undefined) setField(doc, 'log.level', level);
}

/** Index of the `]` matching the `[` at `open` (nested brackets allowed), or -1. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  const limit = Math.min(text.length, open + 512);
  for (let i = open; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return i;
  }
  return -1;
}

function isSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 45 /* - */ || c === 124 /* | */ || c === 58 /* : */ || c === 44 /* , */;
}

/** Parse the header after a time stamp; returns the message (the rest). */
export function parseHeader(rest: string, doc: LogDocument, shape?: string): string {
  if (shape === 'logcat') {
    const m = LOGCAT.exec(rest);
    if (m !== null) {
      setField(doc, 'process.pid', Number(m[1]));
      setField(doc, 'process.thread.id', Number(m[2]));
      setLevel(doc, m[3] as string);
      if (m[4] !== '') setField(doc, 'log.logger', m[4] as string);
      return rest.slice(m[0].length);
    }
  }
  if (rest.charCodeAt(0) === 124 /* | */) {
    const parts = rest.split('|');
    if (parts.length >= 4) {
      // `|component|pid|message` (HealthApp and similar)
      const component = parts[1] as string;
      const pid = parts[2] as string;
      if (component !== '' && !component.includes(' ')) setField(doc, 'log.logger', component);
      if (/^\d{1,10}$/.test(pid)) setField(doc, 'process.pid', Number(pid));
      return parts.slice(3).join('|');
    }
  }
  let i = 0;
  let level = false;
  let tokens = 0;
  const n = rest.length;
  let messageStart = 0;
  while (tokens < MAX_TOKENS) {
    const spanStart = i;
    while (i < n && isSeparator(rest.charCodeAt(i))) i++;
    if (i >= n) return '';
    // A lone ` - ` after the level ends the header (`INFO [thread] - message`).
    if (level && tokens > 0 && / - |^- /.test(rest.slice(spanStart, i + 1))) return rest.slice(i);
    messageStart = i;
    tokens++;
    if (rest.charCodeAt(i) === 91 /* [ */) {
      const close = closingBracket(rest, i);
      if (close === -1) break;
      const inner = rest.slice(i + 1, close);
      const colon = inner.lastIndexOf(':');
      if (!level && isAnyCaseLevel(inner)) {
        setLevel(doc, inner);
        level = true;
      } else if (!level && colon > 0 && !inner.includes(' ') && isAnyCaseLevel(inner.slice(colon + 1))) {
        // Apache 2.4 `[core:error]`
        setField(doc, 'log.logger', inner.slice(0, colon));
        setLevel(doc, inner.slice(colon + 1));
        level = true;
      } else if (inner.startsWith('pid ')) {
        const m = /^pid (\d+)(?::tid (\d+))?/.exec(inner);
        if (m !== null) {
          setField(doc, 'process.pid', Number(m[1]));
          if (m[2] !== undefined) setField(doc, 'process.thread.id', Number(m[2]));
        }
      } else if (inner.startsWith('client ')) {
        const addr = inner.slice(7);
        const host = /^(.*?)(?::(\d+))?$/.exec(addr);
        const ip = host?.[1] ?? addr;
        if (isIp(ip)) setField(doc, 'source.ip', ip);
        setField(doc, 'source.address', ip);
        if (host?.[2] !== undefined && isIp(ip)) setField(doc, 'source.port', Number(host[2]));
      } else if (inner.length > 0 && inner.length <= 200 && !inner.includes('  ')) {
        setField(doc, 'process.thread.name', inner);
      } else break;
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < n && rest.charCodeAt(j) !== 32 && rest.charCodeAt(j) !== 9) j++;
    let word = rest.slice(i, j);
    const trailingColon = word.endsWith(':');
    if (trailingColon) word = word.slice(0, -1);
    if (!level && (isUpperLevel(word) || (trailingColon && isAnyCaseLevel(word)))) {
      setLevel(doc, word);
      level = true;
    } else if (!level && /^\d{1,10}$/.test(word)) {
      setField(doc, 'process.pid', Number(word));
    } else if (word === '---' || word === '-') {
      // separator token
    } else if (
      level &&
      word.length > 0 &&
      word.length <= 256 &&
      (trailingColon ? /^[\w$.@/()-]+$/.test(word) : LOGGER.test(word) && /^ +(?:- |\[|: )/.test(rest.slice(j, j + 8)))
    ) {
      setField(doc, 'log.logger', word);
      i = j;
      while (i < n && isSeparator(rest.charCodeAt(i))) i++;
      return rest.slice(i);
    } else break;
    i = j;
  }
  return rest.slice(messageStart);
}

const STACK_LINE =
  /^(?:\s+at |\s*Caused by: |\s*\.\.\. \d+ (?:more|common frames omitted)|\s*Suppressed: |Traceback \(most recent call last\)|\s+File ")/;
const EXCEPTION_LINE = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*(?:Exception|Error|Throwable|Fault))(?::\s*(.*))?$/;

/**
 * Multi-line messages: when the lines after the first look like a stack trace, keep the first
 * line as `message` and put the rest in `error.stack_trace` (plus `error.type`/`error.message`
 * from the exception line). Returns the message to use.
 */
export function splitStackTrace(message: string, doc: LogDocument): string {
  const nl = message.indexOf('\n');
  if (nl === -1) return message;
  const first = message.slice(0, nl).replace(/\r$/, '');
  const rest = message.slice(nl + 1);
  const lines = rest.split('\n');
  if (!lines.some((l) => STACK_LINE.test(l))) return message;
  setField(doc, 'error.stack_trace', rest);
  const candidates = [first.trim(), ...lines.slice(0, 3).map((l) => l.trim())];
  for (const c of candidates) {
    const m = EXCEPTION_LINE.exec(c);
    if (m !== null) {
      setField(doc, 'error.type', m[1] as string);
      if (m[2] !== undefined && m[2] !== '') setField(doc, 'error.message', m[2]);
      break;
    }
  }
  return first;
}
