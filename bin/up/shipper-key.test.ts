import { createEmbeddedStore, SecurityService } from '@driftwood/store';
import { describe, expect, it } from 'vitest';
import { localShipperKey, UP_SHIPPER_KEY_NAME } from './shipper-key.ts';

describe('up: the local shipper key', () => {
  it('is an ingest key as id:key, revoked at stop; a leftover from a crashed run is revoked at the next start', async () => {
    const store = await createEmbeddedStore({ path: ':memory:' });
    try {
      const security = await SecurityService.open(store);
      const crashed = await localShipperKey(store); // never revoked: the run died
      const run = await localShipperKey(store);
      const header = (k: string) => `ApiKey ${Buffer.from(k).toString('base64')}`;
      expect(await security.authenticate(header(run.apiKey))).toMatchObject({ privileges: ['ingest'] });
      await expect(security.authenticate(header(crashed.apiKey))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      await run.revoke();
      const live = (await security.listApiKeys()).filter((k) => k.name === UP_SHIPPER_KEY_NAME && !k.revoked);
      expect(live).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
