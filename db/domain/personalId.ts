import { provinceByCode } from './provinces.ts';

/**
 * The 12-digit personal ID number (public rule): 3 digits birth-registration province, 1 digit
 * for sex and century of birth, 2 digits year of birth within the century, 6 random digits.
 */
export type Sex = 'MALE' | 'FEMALE';

/** Century digit pairs: even = male, odd = female. 8/9 are the 1800s, 6/7 the 2200s. */
const CENTURY_BY_DIGIT_PAIR = [1900, 2000, 2100, 2200, 1800] as const;

export interface PersonalIdParts {
  provinceCode: string;
  sex: Sex;
  birthYear: number;
  serial: string;
}

export type PersonalIdCheck = { ok: true; parts: PersonalIdParts } | { ok: false; problem: string };

export function checkPersonalId(value: string, now = new Date()): PersonalIdCheck {
  if (!/^\d*$/.test(value)) {
    return { ok: false, problem: 'a personal ID has digits only' };
  }
  if (value.length !== 12) {
    return { ok: false, problem: `a personal ID has 12 digits, this one has ${value.length}` };
  }
  const provinceCode = value.slice(0, 3);
  if (!provinceByCode(provinceCode)) {
    return { ok: false, problem: `unknown province code ${provinceCode}` };
  }
  const digit = Number(value[3]);
  const century = CENTURY_BY_DIGIT_PAIR[Math.floor(digit / 2)] as number;
  const birthYear = century + Number(value.slice(4, 6));
  if (birthYear > now.getUTCFullYear()) {
    return {
      ok: false,
      problem: `sex and century digit ${digit} with year ${value.slice(4, 6)} means born in ${birthYear}, which is in the future`,
    };
  }
  const sex: Sex = digit % 2 === 0 ? 'MALE' : 'FEMALE';
  return { ok: true, parts: { provinceCode, sex, birthYear, serial: value.slice(6) } };
}

export function composePersonalId(parts: PersonalIdParts): string {
  const centuryIndex = CENTURY_BY_DIGIT_PAIR.indexOf(
    (Math.floor(parts.birthYear / 100) * 100) as (typeof CENTURY_BY_DIGIT_PAIR)[number],
  );
  if (centuryIndex < 0) throw new RangeError(`no century digit for ${parts.birthYear}`);
  const digit = centuryIndex * 2 + (parts.sex === 'FEMALE' ? 1 : 0);
  const year = String(parts.birthYear % 100).padStart(2, '0');
  return `${parts.provinceCode}${digit}${year}${parts.serial.padStart(6, '0')}`;
}
