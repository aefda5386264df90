import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../bench/options.ts';

const defaults = { scenarios: '1,6', targets: 'ours,apollo', warmup: '300', connections: '4' };
const own = { requests: { type: 'string' as const, default: '300' } };

describe('the bench scripts’ shared options', () => {
  it('reads the shared options and the script’s own', () => {
    const parsed = parseBenchOptions(defaults, own, [
      '--scenarios',
      '1',
      '--targets',
      'ours,hive',
      '--citizens',
      '1000',
      '--requests',
      '50',
    ]);
    expect([...parsed.scenarios]).toEqual(['1']);
    expect(parsed.targets.map((t) => t.name)).toEqual(['ours', 'hive']);
    expect(parsed.citizens).toBe(1000);
    expect(parsed.warmup).toBe(300);
    expect(parsed.values.requests).toBe('50');
  });

  it('reads scenario 5 as its single (5a) and bulk (5b) prefill', () => {
    const parsed = parseBenchOptions(defaults, own, ['--scenarios', '5,1']);
    expect([...parsed.scenarios]).toEqual(['5a', '5b', '1']);
    expect([...parseBenchOptions(defaults, own, ['--scenarios', '5b']).scenarios]).toEqual(['5b']);
  });

  it('names the option that is wrong', () => {
    expect(() => parseBenchOptions(defaults, own, ['--targets', 'ours,nginx'])).toThrow(
      /--targets: unknown nginx/,
    );
    expect(() => parseBenchOptions(defaults, own, ['--scenarios', '7'])).toThrow(
      /--scenarios: unknown 7/,
    );
    expect(() => parseBenchOptions(defaults, own, ['--citizens', '1e3x'])).toThrow(/--citizens/);
    expect(() => parseBenchOptions(defaults, own, ['--bogus'])).toThrow(/bogus/);
  });
});
