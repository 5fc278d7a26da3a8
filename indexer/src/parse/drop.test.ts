import { describe, expect, it } from 'vitest';
import * as drop from './drop.ts';

const ctx = { now: 0 };

describe('drop processor', () => {
  it('drops the event', () => {
    expect(drop.build(drop.configSchema.parse({}))({}, ctx)).toBe(false);
  });
});
