import { describe } from 'vitest';
import { createEmbeddedStore } from './embedded/store.ts';
import { tailScenarios } from './tail.scenarios.ts';

describe('tail (embedded store)', () => {
  tailScenarios(() => createEmbeddedStore({ path: ':memory:' }));
});
