import { describe, expect, it } from 'vitest';
import { uuidV7 } from '../../kernel/uuidV7.ts';

describe('request ids (UUIDv7)', () => {
  it('carry version 7, the RFC 9562 variant and the millisecond they were made', () => {
    const at = Date.UTC(2026, 10, 24, 8, 0, 0, 123);
    const id = uuidV7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sort in the order of time, and differ within one millisecond', () => {
    const ids = [1, 2, 1_000, 86_400_000].map((ms) => uuidV7(1_795_000_000_000 + ms));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1000 }, () => uuidV7(1_795_000_000_000))).size).toBe(1000);
  });
});
