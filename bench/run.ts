/**
 * `npm run bench [-- NAME...]`: runs bench/*.bench.ts one after another, each in its own
 * process (so one benchmark's memory does not skew the next), and each writes its section of
 * bench/RESULTS.md. Sizes are set per benchmark with environment variables (see each file).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n=== ${file}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--expose-gc', path.join(dir, file)], { stdio: 'inherit' });
  console.log(`=== ${file}: exit ${result.status} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
