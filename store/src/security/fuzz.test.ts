/**
 * Fuzzing the service's entry points with what a client controls: the Authorization header, the
 * login body's username and password (any JSON value), and the session cookie. Each answers with
 * a principal, undefined, or a DriftwoodError UNAUTHORIZED / RATE_LIMITED — never another error.
 */
import { basicAuthorization, DriftwoodError } from '@driftwood/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogStore } from '../contract.ts';
import { createEmbeddedStore } from '../embedded/store.ts';
import { SecurityService } from './service.ts';

let store: LogStore;
let security: SecurityService;

beforeAll(async () => {
  store = await createEmbeddedStore({ path: ':memory:' });
  security = await SecurityService.open(store, { loginMaxFailures: 1_000_000 });
  await security.addUser({ username: 'ann', password: 'correct horse', roles: ['viewer'] });
});
afterAll(async () => {
  await store.close();
});

function expectRefusal(error: unknown): void {
  expect(error).toBeInstanceOf(DriftwoodError);
  expect(['UNAUTHORIZED', 'RATE_LIMITED']).toContain((error as DriftwoodError).code);
}

const json = fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.jsonValue({ maxDepth: 2 }));

describe('fuzz: the security service', () => {
  it('login with any JSON username and password', async () => {
    await fc.assert(
      fc.asyncProperty(json, json, async (username, password) => {
        try {
          const { principal } = await security.login(username as string, password as string, { address: '192.0.2.1' });
          expect(principal.name).toBe('ann');
        } catch (error) {
          expectRefusal(error);
        }
      }),
      { numRuns: 25 },
    );
  }, 60_000);

  it('authenticate with any header, including well-formed Basic and ApiKey ones', async () => {
    const header = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.tuple(fc.string({ maxLength: 70 }), fc.string({ maxLength: 40 })).map(([u, p]) => basicAuthorization(u, p)),
      fc
        .tuple(fc.string({ maxLength: 70 }), fc.string({ maxLength: 60 }))
        .map(([id, key]) => `ApiKey ${Buffer.from(`${id}:${key}`).toString('base64')}`),
    );
    await fc.assert(
      fc.asyncProperty(header, async (h) => {
        try {
          const principal = await security.authenticate(h);
          expect(principal).toBeUndefined();
        } catch (error) {
          expectRefusal(error);
        }
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('session and logout with any cookie value', async () => {
    await fc.assert(
      fc.asyncProperty(json, async (token) => {
        expect(await security.session(token as string)).toBeUndefined();
        await security.logout(token as string);
      }),
      { numRuns: 300 },
    );
  });
});
