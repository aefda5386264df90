import { describe, expect, it } from 'vitest';
import { checkPersonalId, composePersonalId } from '../../db/domain/personalId.ts';

const NOW = new Date('2026-11-24T00:00:00Z');

describe('personal ID numbers', () => {
  it.each([
    ['079203001234', { provinceCode: '079', sex: 'MALE', birthYear: 2003, serial: '001234' }],
    ['001185000001', { provinceCode: '001', sex: 'FEMALE', birthYear: 1985, serial: '000001' }],
    ['084026999999', { provinceCode: '084', sex: 'MALE', birthYear: 1926, serial: '999999' }],
    ['096325000000', { provinceCode: '096', sex: 'FEMALE', birthYear: 2025, serial: '000000' }],
    ['001999000001', { provinceCode: '001', sex: 'FEMALE', birthYear: 1899, serial: '000001' }],
  ])('reads %s as its province, sex, birth year and serial', (id, parts) => {
    expect(checkPersonalId(id, NOW)).toEqual({ ok: true, parts });
  });

  it.each([
    ['', 'has 12 digits, this one has 0'],
    ['07920300123', 'has 12 digits, this one has 11'],
    ['0792030012345', 'has 12 digits, this one has 13'],
    ['07920300123a', 'digits only'],
    [' 79203001234', 'digits only'],
    ['003203001234', 'unknown province code 003'],
    ['097203001234', 'unknown province code 097'],
    ['079227001234', 'born in 2027, which is in the future'],
    ['079400001234', 'born in 2100, which is in the future'],
    ['079600001234', 'born in 2200, which is in the future'],
  ])('rejects %j: %s', (id, problem) => {
    const check = checkPersonalId(id, NOW);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.problem).toContain(problem);
  });

  it('composes what it reads, for both sexes and every century in use', () => {
    for (const birthYear of [1850, 1926, 1999, 2000, 2026]) {
      for (const sex of ['MALE', 'FEMALE'] as const) {
        const parts = { provinceCode: '048', sex, birthYear, serial: '123456' };
        const id = composePersonalId(parts);
        expect(id).toHaveLength(12);
        expect(checkPersonalId(id, NOW)).toEqual({ ok: true, parts });
      }
    }
  });
});
