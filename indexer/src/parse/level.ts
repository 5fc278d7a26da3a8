/**
 * `log.level` normalisation. Driftwood writes one closed, lower-case set so that a query like
 * `log.level: error` finds every logger's errors:
 *
 *   trace  ← trace, verbose, finest, finer, v, t, 10 (pino)
 *   debug  ← debug, fine, config, d, 20
 *   info   ← info, information, informational, notice, i, 30
 *   warn   ← warn, warning, w, 40
 *   error  ← error, err, severe, e, 50
 *   fatal  ← fatal, critical, crit, alert, emerg, emergency, panic, f, 60
 *
 * Syslog keeps its own eight names under `log.syslog.severity.name`. Unknown words are kept
 * lower-cased (so a custom level survives) rather than guessed.
 */
const LEVELS = new Map<string, string>([
  ['trace', 'trace'],
  ['verbose', 'trace'],
  ['finest', 'trace'],
  ['finer', 'trace'],
  ['v', 'trace'],
  ['t', 'trace'],
  ['trc', 'trace'],
  ['debug', 'debug'],
  ['fine', 'debug'],
  ['config', 'debug'],
  ['d', 'debug'],
  ['dbg', 'debug'],
  ['dbug', 'debug'],
  ['info', 'info'],
  ['information', 'info'],
  ['informational', 'info'],
  ['notice', 'info'],
  ['i', 'info'],
  ['inf', 'info'],
  ['note', 'info'],
  ['warn', 'warn'],
  ['warning', 'warn'],
  ['w', 'warn'],
  ['wrn', 'warn'],
  ['error', 'error'],
  ['err', 'error'],
  ['severe', 'error'],
  ['e', 'error'],
  ['eror', 'error'],
  ['fatal', 'fatal'],
  ['critical', 'fatal'],
  ['crit', 'fatal'],
  ['alert', 'fatal'],
  ['emerg', 'fatal'],
  ['emergency', 'fatal'],
  ['panic', 'fatal'],
  ['f', 'fatal'],
  ['ftl', 'fatal'],
  ['dpanic', 'fatal'],
]);

/** Numeric levels of pino/bunyan (10..60). */
const NUMERIC = new Map<number, string>([
  [10, 'trace'],
  [20, 'debug'],
  [30, 'info'],
  [40, 'warn'],
  [50, 'error'],
  [60, 'fatal'],
]);

/** Normalise a level word or number; undefined for empty/absent input. */
export function normalizeLevel(value: unknown): string | undefined {
  if (typeof value === 'number') return NUMERIC.get(value) ?? (Number.isFinite(value) ? String(value) : undefined);
  if (typeof value !== 'string') return undefined;
  const word = value.trim();
  if (word === '' || word.length > 32) return undefined;
  const hit = LEVELS.get(word) ?? LEVELS.get(word.toLowerCase());
  if (hit !== undefined) return hit;
  if (/^\d+$/.test(word)) return NUMERIC.get(Number(word)) ?? word;
  return word.toLowerCase();
}

/** Is this token a well-known level word (used by the auto pipeline's level finder)? */
export function isLevelWord(word: string): boolean {
  return word.length > 1 && LEVELS.has(word.toLowerCase());
}
