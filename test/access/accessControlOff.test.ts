import { afterEach, describe, expect, it, vi } from 'vitest';
import { accessControlOff } from '../../kernel/access/accessControlOff.ts';

describe('ACCESS_CONTROL=off (benchmarks only)', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is off only when asked for', () => {
    vi.stubEnv('ACCESS_CONTROL', '');
    expect(accessControlOff()).toBe(false);
    vi.stubEnv('ACCESS_CONTROL', 'off');
    vi.stubEnv('NODE_ENV', 'benchmark');
    expect(accessControlOff()).toBe(true);
  });

  it('is refused in production', () => {
    vi.stubEnv('ACCESS_CONTROL', 'off');
    vi.stubEnv('NODE_ENV', 'production');
    expect(() => accessControlOff()).toThrow('refused in production');
  });
});
