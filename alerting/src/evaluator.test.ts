import { createEmbeddedStore } from '@driftwood/store';
import { describe } from 'vitest';
import { evaluatorScenarios } from './evaluator.scenarios.ts';

describe('evaluator (embedded store)', () => {
  evaluatorScenarios(() => createEmbeddedStore({ path: ':memory:' }));
});
