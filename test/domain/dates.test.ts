// Date arithmetic on ISO days (db/domain/dates.ts): a period of years from 29 February ends on 28
// February in a common year (test/subgraphs/fiveYearsContinuous.test.ts: the same through the
// database and the health-insurance subgraph).
import { describe, expect, it } from 'vitest';
import { ageOn, isLeapYear, plusYears, todayUtc } from '../../db/domain/dates.ts';

describe('dates', () => {
  it('knows leap years', () => {
    expect([2020, 2024, 2000].map(isLeapYear)).toEqual([true, true, true]);
    expect([2025, 2100, 1900].map(isLeapYear)).toEqual([false, false, false]);
  });

  it('adds years, ending a period from 29 February on 28 February in a common year', () => {
    expect(plusYears('2020-02-29', 5)).toBe('2025-02-28');
    expect(plusYears('2020-02-29', 4)).toBe('2024-02-29');
    expect(plusYears('2020-02-29', -1)).toBe('2019-02-28');
    expect(plusYears('2019-03-01', 5)).toBe('2024-03-01');
    expect(plusYears('1999-12-31', 1)).toBe('2000-12-31');
    for (let years = 0; years < 12; years++) {
      const day = plusYears('2020-02-29', years);
      expect(new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10), day).toBe(day);
    }
  });

  it('counts ages, a 29 February birth completing its year on 28 February in a common year', () => {
    expect(ageOn('2012-02-29', '2026-02-27')).toBe(13);
    expect(ageOn('2012-02-29', '2026-02-28')).toBe(14);
    expect(ageOn('2012-03-01', '2026-02-28')).toBe(13);
    expect(ageOn('2012-03-01', new Date('2026-03-01T00:00:00Z'))).toBe(14);
    expect(ageOn('2012-02-29', '2028-02-29')).toBe(16);
  });

  it("tells today's UTC day, and the next one from midnight on, whichever way the clock moves", () => {
    const at = (iso: string) => todayUtc(Date.parse(iso));
    expect(at('2026-12-07T23:59:59.999Z')).toBe('2026-12-07');
    expect(at('2026-12-08T00:00:00.000Z')).toBe('2026-12-08');
    expect(at('2026-12-08T13:00:00.000Z')).toBe('2026-12-08');
    expect(at('2026-12-07T12:00:00.000Z')).toBe('2026-12-07');
    expect(at('2027-01-01T00:00:00.000Z')).toBe('2027-01-01');
    expect(todayUtc()).toBe(new Date().toISOString().slice(0, 10));
  });
});
