/**
 * The embedded store's fast paths, each an optimisation of the plain answer (one SQL scan of the
 * events table, no shortcut), and the switch that turns them off (see store/src/README.md,
 * "Fast paths and their oracles"). The plain path is the oracle every fast path is tested against.
 */
import { DriftwoodError } from '@driftwood/core';

/** Fast paths of the embedded store, each an optimisation of the plain answer (see README). */
export const FAST_PATHS = [
  'rollups',
  'facets',
  'filter-copy',
  'newest-first',
  'shared-count',
  'id-set',
  'fast-rows',
  'answer-cache',
  'bucket-counts',
  'exclusion',
] as const;
export type FastPath = (typeof FAST_PATHS)[number];

/** The environment variable read when the store's `plain` option is absent. */
export const PLAIN_ENV = 'DRIFTWOOD_EMBEDDED_PLAIN';

const isFastPath = (name: string): name is FastPath => (FAST_PATHS as readonly string[]).includes(name);

/**
 * The fast paths turned off: the option when given (true: all), else DRIFTWOOD_EMBEDDED_PLAIN
 * (`all`, `true` or `1` for all; a comma list of names; empty or `false` or `0` for none).
 * An unknown name is an error, so that a typo never leaves a fast path on unnoticed.
 */
export function plainPaths(
  option: boolean | readonly FastPath[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ReadonlySet<FastPath> {
  if (option === true) return new Set(FAST_PATHS);
  if (option === false) return new Set();
  if (option !== undefined) {
    for (const name of option) if (!isFastPath(name)) throw unknown(name, 'the plain option');
    return new Set(option);
  }
  const value = (env[PLAIN_ENV] ?? '').trim().toLowerCase();
  if (value === '' || value === 'false' || value === '0') return new Set();
  if (value === 'all' || value === 'true' || value === '1') return new Set(FAST_PATHS);
  const off = new Set<FastPath>();
  for (const part of value.split(',')) {
    const name = part.trim();
    if (name === '') continue;
    if (!isFastPath(name)) throw unknown(name, PLAIN_ENV);
    off.add(name);
  }
  return off;
}

function unknown(name: string, where: string): DriftwoodError {
  return new DriftwoodError(
    'CONFIG_INVALID',
    `unknown embedded store fast path "${name}" in ${where}: use all, or some of ${FAST_PATHS.join(', ')}`,
    { details: { fastPath: name } },
  );
}
