import { describe, expect, it } from 'vitest';
import { TtlCache } from '../../kernel/ttlCache.ts';

describe('the verified-token cache', () => {
  it('forgets an entry when it expires', () => {
    const cache = new TtlCache<string>(10);
    cache.set('token', 'caller', 1_000);
    expect(cache.get('token', 999)).toBe('caller');
    expect(cache.get('token', 1_000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the oldest entry when full', () => {
    const cache = new TtlCache<number>(2);
    cache.set('a', 1, 10);
    cache.set('b', 2, 10);
    cache.set('c', 3, 10);
    expect([cache.get('a', 0), cache.get('b', 0), cache.get('c', 0)]).toEqual([undefined, 2, 3]);
  });
});
