import { defineConfig } from 'vitest/config';

/** Tests that need a real engine end in `.engine.test.ts`; they run in the `engines` project. */
const ENGINE_TESTS = '**/*.engine.test.ts';
const ignored = ['**/node_modules/**', '**/.next/**', '.tools/**', ENGINE_TESTS];

const unit = (name: string, include: string[]) => ({
  test: { name, include, exclude: ignored, environment: 'node' as const, testTimeout: 30_000 },
});

export default defineConfig({
  test: {
    projects: [
      unit('core', ['core/**/*.test.ts']),
      unit('store', ['store/**/*.test.ts']),
      unit('shipper', ['shipper/**/*.test.ts']),
      unit('indexer', ['indexer/**/*.test.ts']),
      unit('alerting', ['alerting/**/*.test.ts']),
      unit('telemetry', ['telemetry/**/*.test.ts']),
      unit('ui', ['ui/**/*.test.ts', 'ui/**/*.test.tsx']),
      unit('cli', ['bin/**/*.test.ts', 'scripts/**/*.test.ts']),
      unit('e2e', ['test/**/*.test.ts']),
      {
        test: {
          name: 'engines',
          include: [ENGINE_TESTS],
          exclude: ['**/node_modules/**', '.tools/**'],
          globalSetup: ['test/engines/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
