/**
 * Start the test engines by hand and keep them running until Ctrl-C:
 *   npm run engines                   # all four
 *   npm run engines -- opensearch kafka
 * Prints the environment variables to export so tests reuse them instead of starting their own.
 */
import { ALL_ENGINES, startEngines } from './all.ts';
import { ENGINE_ENV, type EngineName } from './types.ts';

const names = process.argv.slice(2).filter((n): n is EngineName => (ALL_ENGINES as string[]).includes(n));
const engines = await startEngines(names.length > 0 ? names : ALL_ENGINES);
for (const f of engines.failures) console.error(`${f.name} failed to start:\n${f.error.message}`);
for (const [name, s] of Object.entries(engines.status)) {
  if ('url' in s) console.log(`export ${ENGINE_ENV[name as EngineName]}=${s.url}   # ${name} ${s.version}`);
  else if (s.skip !== 'not requested') console.log(`# ${name}: ${s.skip}`);
}
console.log('# running; Ctrl-C stops them');
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await engines.stop();
  process.exit(engines.failures.length > 0 ? 1 : 0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);
