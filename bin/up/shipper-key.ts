/**
 * `driftwood up --host 0.0.0.0` (the Docker image's default): the indexer then listens beyond
 * loopback and requires an API key (indexer/src/auth.ts), so up's own shipper gets an ingest key
 * for this run — made at start, revoked at stop. A key left by a run that did not stop cleanly is
 * revoked at the next start. The key never leaves the process (it is not printed).
 */
import { type LogStore, SecurityService } from '@driftwood/store';

export const UP_SHIPPER_KEY_NAME = 'driftwood up (local shipper)';

export async function localShipperKey(store: LogStore): Promise<{ apiKey: string; revoke(): Promise<void> }> {
  const security = await SecurityService.open(store);
  for (const k of await security.listApiKeys()) {
    if (k.name === UP_SHIPPER_KEY_NAME && !k.revoked) await security.revokeApiKey(k.id);
  }
  const created = await security.createApiKey({ name: UP_SHIPPER_KEY_NAME, roles: ['ingest'] });
  return { apiKey: `${created.id}:${created.key}`, revoke: () => security.revokeApiKey(created.id) };
}
