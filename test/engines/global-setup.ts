/**
 * Vitest global setup for the `engines` project: starts real OpenSearch, Elasticsearch, Kafka
 * and Mosquitto (or uses OPENSEARCH_URL / ELASTICSEARCH_URL / KAFKA_BROKERS / MQTT_URL) and
 * hands their addresses to tests through `inject('engines')`.
 *
 * Without Java/Maven/Mosquitto on a laptop, the tests that need them are skipped with one line
 * saying why; under CI=true a missing or failing engine fails the run.
 */
import type { TestProject } from 'vitest/node';
import { ALL_ENGINES, type EngineStatusMap, startEngines } from './all.ts';
import type { EngineName } from './types.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    engines: EngineStatusMap;
  }
}

function requested(): EngineName[] {
  const list = process.env.DRIFTWOOD_ENGINES;
  if (!list) return ALL_ENGINES;
  return list.split(',').filter((n): n is EngineName => (ALL_ENGINES as string[]).includes(n.trim()));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const engines = await startEngines(requested());
  const isCi = process.env.CI === 'true' || process.env.CI === '1';
  for (const [name, s] of Object.entries(engines.status)) {
    if ('url' in s) console.log(`engines: ${name} ${s.version} at ${s.url}${s.external ? ' (external)' : ''}`);
    else if (s.skip !== 'not requested') console.log(`engines: skipping ${name} tests: ${s.skip}`);
  }
  console.log(`engines: ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  for (const f of engines.failures) console.error(`engines: ${f.name} failed to start:\n${f.error.message}`);
  const missing = Object.entries(engines.status).filter(([, s]) => 'skip' in s && s.skip !== 'not requested');
  if (isCi && missing.length > 0) {
    await engines.stop();
    throw new Error(`CI=true and engines are missing: ${missing.map(([name]) => name).join(', ')}`);
  }
  project.provide('engines', engines.status);
  return async () => {
    await engines.stop();
  };
}
