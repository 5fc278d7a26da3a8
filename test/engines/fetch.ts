/** Fetches every engine's jars from Maven Central (what CI does before the tests). */
import { ensureElasticsearchJars } from './elasticsearch.ts';
import { ensureJars } from './process.ts';

for (const engine of ['opensearch', 'kafka']) {
  const started = Date.now();
  await ensureJars(engine);
  console.log(`${engine}: jars ready (${((Date.now() - started) / 1000).toFixed(1)}s)`);
}
const started = Date.now();
await ensureElasticsearchJars();
console.log(`elasticsearch: jars ready (${((Date.now() - started) / 1000).toFixed(1)}s)`);
