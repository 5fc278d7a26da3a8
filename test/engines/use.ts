/** For tests: the address of a real engine started by the global setup, or a skip reason. */
import { inject } from 'vitest';
import type { EngineName } from './types.ts';

export interface EngineInfo {
  url: string;
  version: string;
}

/** The engine's address, or undefined when it is skipped on this machine (the reason was printed once). */
export function engine(name: EngineName): EngineInfo | undefined {
  const status = inject('engines')?.[name];
  return status && 'url' in status ? { url: status.url, version: status.version } : undefined;
}
