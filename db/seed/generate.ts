import { plusYears } from '../domain/dates.ts';
import { LICENCE_POINTS_PER_YEAR, licenceClass } from '../domain/licenceClasses.ts';
import { composePersonalId } from '../domain/personalId.ts';
import { annualIncomeTax } from '../domain/personalIncomeTax.ts';
import { PROVINCES, type Province } from '../domain/provinces.ts';
import type * as driving from '../schema/driving.ts';
import type * as healthInsurance from '../schema/health_insurance.ts';
import type * as population from '../schema/population.ts';
import type * as tax from '../schema/tax.ts';
import type * as vehicles from '../schema/vehicles.ts';
import * as catalog from './catalog.ts';
import { Random, scatter } from './random.ts';

/** The day the synthetic world is seen from: ages, validity and statuses are relative to it. */
export const REFERENCE_DATE = '2026-06-30';
const REFERENCE_YEAR = 2026;

export interface CitizenRecord {
  citizen: typeof population.citizens.$inferInsert;
  residences: (typeof population.residences.$inferInsert)[];
  familyLinks: (typeof population.familyLinks.$inferInsert)[];
  eidAccount: typeof population.eidAccounts.$inferInsert | null;
  card: typeof healthInsurance.cards.$inferInsert | null;
  licences: (typeof driving.licences.$inferInsert)[];
  registrations: (typeof vehicles.registrations.$inferInsert)[];
  taxpayer: typeof tax.taxpayers.$inferInsert | null;
  declarations: (typeof tax.declarations.$inferInsert)[];
  outstanding: (typeof tax.outstanding.$inferInsert)[];
}

interface Person {
  index: number;
  personalId: string;
  sex: 'MALE' | 'FEMALE';
  birthYear: number;
  dateOfBirth: string;
  age: number;
  birthProvince: Province;
  random: Random;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const isoDate = (year: number, month: number, day: number) =>
  `${year}-${pad(month, 2)}-${pad(day, 2)}`;
const DAY_MS = 86_400_000;
const later = (a: string, b: string) => (a > b ? a : b);
/** The day a person turns `age`. */
const birthday = (p: Person, age: number) => plusYears(p.dateOfBirth, age);

/** A uniformly chosen day in [from, to], both ISO dates. */
function dayBetween(r: Random, from: string, to: string): string {
  const start = Date.parse(from) / DAY_MS;
  const end = Date.parse(to) / DAY_MS;
  return new Date(r.int(start, Math.max(start, end)) * DAY_MS).toISOString().slice(0, 10);
}

/** Age pyramid: broad base, narrowing after 60. */
const AGE_BANDS: readonly (readonly [readonly [number, number], number])[] = [
  [[0, 13], 22],
  [[14, 17], 6],
  [[18, 29], 17],
  [[30, 44], 22],
  [[45, 59], 18],
  [[60, 74], 11],
  [[75, 95], 4],
];

/**
 * Who citizen `index` is: identity only, cheap, used to find guardians. Distinct indexes always
 * give distinct personal IDs: the serial is a bijection of `index mod 10^6`, and the higher part of
 * the index shifts the province, so the 63 provinces × 10^6 serials cover 63 million citizens.
 */
export function person(index: number): Person {
  const random = new Random(index);
  const [low, high] = [index % 1_000_000, Math.floor(index / 1_000_000)];
  // The province depends on the low part alone, so equal serials always differ in province.
  const provinceIndex = (new Random(low).int(0, PROVINCES.length - 1) + high) % PROVINCES.length;
  const birthProvince = PROVINCES[provinceIndex] as Province;
  const sex = random.chance(0.5) ? 'MALE' : 'FEMALE';
  const [minAge, maxAge] = random.weighted(AGE_BANDS);
  const age = random.int(minAge, maxAge);
  const month = random.int(1, 12);
  const day = random.int(1, 28);
  // Born after 30 June means one year older in birth-year terms for the same age.
  const birthYear = REFERENCE_YEAR - age - (month > 6 ? 1 : 0);
  const personalId = composePersonalId({
    provinceCode: birthProvince.code,
    sex,
    birthYear,
    serial: pad(scatter(low, 1_000_000), 6),
  });
  return {
    index,
    personalId,
    sex,
    birthYear,
    dateOfBirth: isoDate(birthYear, month, day),
    age,
    birthProvince,
    random,
  };
}

/** Everything every agency holds about citizen `index` in a population of `count`. */
export function generateCitizen(index: number, count: number): CitizenRecord {
  const p = person(index);
  const r = p.random;
  const fullName = [
    r.weighted(catalog.FAMILY_NAMES),
    r.pick(catalog.MIDDLE_NAMES[p.sex]),
    r.pick(catalog.GIVEN_NAMES[p.sex]),
  ].join(' ');
  const homeProvince = r.chance(0.7) ? p.birthProvince : r.pick(PROVINCES);
  const deceased = p.age >= 70 && r.chance(0.03);
  const card = idCard(p, r);
  const record: CitizenRecord = {
    citizen: {
      personalId: p.personalId,
      fullName,
      dateOfBirth: p.dateOfBirth,
      sex: p.sex,
      nationality: 'Việt Nam',
      ethnicity: r.weighted(catalog.ETHNICITIES),
      religion: r.weighted(catalog.RELIGIONS),
      placeOfOrigin: (r.chance(0.8) ? p.birthProvince : r.pick(PROVINCES)).name,
      idCardNumber: card?.number ?? null,
      idCardIssuedOn: card?.issuedOn ?? null,
      idCardExpiresOn: card?.expiresOn ?? null,
      deceasedOn: deceased
        ? isoDate(REFERENCE_YEAR - r.int(0, 3), r.int(1, 6), r.int(1, 28))
        : null,
    },
    residences: residences(p, r, homeProvince),
    familyLinks: p.age < 14 ? guardiansOf(p, count) : [],
    eidAccount: null,
    card: null,
    licences: [],
    registrations: [],
    taxpayer: null,
    declarations: [],
    outstanding: [],
  };
  if (deceased) return stampUpdatedAt(record);
  record.eidAccount = eidAccount(p, r);
  record.card = healthInsuranceCard(p, r, homeProvince);
  record.licences = licences(p, r, homeProvince);
  record.registrations = registrations(p, r, homeProvince, record.licences.length > 0);
  Object.assign(record, taxRecords(p, r, homeProvince));
  return stampUpdatedAt(record);
}

/** 08:00 UTC on an ISO day. */
const morningOf = (isoDay: string) => `${isoDay}T08:00:00.000Z`;

/**
 * Each agency record was last changed on its latest event: no random draw, so adding the stamp
 * changed no other generated value.
 */
function stampUpdatedAt(record: CitizenRecord): CitizenRecord {
  const { citizen } = record;
  citizen.updatedAt = morningOf(
    later(citizen.idCardIssuedOn ?? citizen.dateOfBirth, citizen.deceasedOn ?? ''),
  );
  for (const residence of record.residences)
    residence.updatedAt = morningOf(residence.registeredOn);
  if (record.card) record.card.updatedAt = morningOf(record.card.validFrom);
  for (const licence of record.licences) licence.updatedAt = morningOf(licence.issuedOn);
  for (const vehicle of record.registrations) vehicle.updatedAt = morningOf(vehicle.registeredOn);
  if (record.taxpayer) record.taxpayer.updatedAt = morningOf(record.taxpayer.registeredOn);
  return record;
}

function idCard(p: Person, r: Random) {
  if (p.age < 14) return null;
  const issuedOn = dayBetween(r, later('2021-01-01', birthday(p, 14)), REFERENCE_DATE);
  // A chip card is valid until the 25th, 40th or 60th birthday after issue; from 58, for life.
  const renewalAge = [25, 40, 60].find((milestone) => issuedOn < birthday(p, milestone - 2));
  const expiresOn = renewalAge ? birthday(p, renewalAge) : null;
  return { number: p.personalId, issuedOn, expiresOn };
}

function residences(p: Person, r: Random, home: Province) {
  const commune = r.int(1, 399);
  const permanent = {
    personalId: p.personalId,
    kind: 'PERMANENT' as const,
    address: `Số ${r.int(1, 300)} đường ${r.pick(catalog.STREETS)}, Phường ${commune}, ${home.name}`,
    communeCode: pad(Number(home.code) * 400 + commune, 5),
    provinceCode: home.code.slice(1),
    registeredOn:
      p.age < 18
        ? p.dateOfBirth
        : isoDate(r.int(p.birthYear + 18, 2025), r.int(1, 12), r.int(1, 28)),
    endedOn: null,
  };
  if (p.age < 18 || !r.chance(0.15)) return [permanent];
  const away = r.pick(PROVINCES);
  const awayCommune = r.int(1, 399);
  return [
    permanent,
    {
      personalId: p.personalId,
      kind: 'TEMPORARY' as const,
      address: `Số ${r.int(1, 300)} đường ${r.pick(catalog.STREETS)}, Phường ${awayCommune}, ${away.name}`,
      communeCode: pad(Number(away.code) * 400 + awayCommune, 5),
      provinceCode: away.code.slice(1),
      registeredOn: isoDate(r.int(2023, 2025), r.int(1, 12), r.int(1, 28)),
      endedOn: isoDate(REFERENCE_YEAR + r.int(3, 5), r.int(1, 12), r.int(1, 28)),
    },
  ];
}

/**
 * An under-14 child is linked to up to two parents: the nearest following citizens (wrapping
 * around the population) old enough to be their parents, one of each sex.
 */
function guardiansOf(child: Person, count: number) {
  const links: (typeof population.familyLinks.$inferInsert)[] = [];
  const wanted = new Set<'MALE' | 'FEMALE'>(['MALE', 'FEMALE']);
  for (let step = 1; step < Math.min(count, 200) && wanted.size > 0; step++) {
    const candidate = person((child.index + step) % count);
    const gap = candidate.birthYear - child.birthYear;
    if (gap > -20 || gap < -50 || !wanted.has(candidate.sex)) continue;
    wanted.delete(candidate.sex);
    links.push({
      personalId: child.personalId,
      guardianPersonalId: candidate.personalId,
      relation: candidate.sex === 'MALE' ? 'FATHER' : 'MOTHER',
    });
  }
  return links;
}

function eidAccount(p: Person, r: Random) {
  if (p.age < 14) return null;
  const level = r.weighted([
    [2, 55],
    [1, 25],
    [0, 20],
  ] as const);
  if (level === 0) return null;
  return {
    personalId: p.personalId,
    level,
    locked: r.chance(0.03),
    registeredAt: `${isoDate(r.int(2022, 2025), r.int(1, 12), r.int(1, 28))}T0${r.int(0, 9)}:${pad(r.int(0, 59), 2)}:00Z`,
  };
}

function healthInsuranceCard(p: Person, r: Random, home: Province) {
  if (!r.chance(0.92)) return null;
  const group =
    p.age < 6
      ? 'TE'
      : p.age < 18
        ? 'HS'
        : p.age < 23 && r.chance(0.5)
          ? 'SV'
          : p.age >= 60 && r.chance(0.6)
            ? 'HT'
            : r.chance(0.55)
              ? 'DN'
              : 'GD';
  const benefitLevel = { TE: 1, HT: 2, HS: 4, SV: 4, DN: 4, GD: 4 }[group];
  const continuousYears = Math.min(p.age, r.int(0, 12));
  const communeName = `Phường ${r.int(1, 399)}`;
  const atHospital = r.chance(0.4);
  return {
    personalId: p.personalId,
    socialInsuranceNumber: home.code.slice(1) + pad(scatter(p.index, 100_000_000), 8),
    beneficiaryGroup: group,
    benefitLevel,
    facilityCode: `${home.code.slice(1)}${pad(r.int(1, 999), 3)}`,
    facilityName: atHospital
      ? `Bệnh viện Đa khoa ${home.name}`
      : `Trạm Y tế ${communeName}, ${home.name}`,
    provinceCode: home.code.slice(1),
    validFrom: `${REFERENCE_YEAR}-01-01`,
    validUntil: `${REFERENCE_YEAR}-12-31`,
    continuousSince: `${REFERENCE_YEAR - continuousYears}-01-01`,
  };
}

function licences(p: Person, r: Random, home: Province) {
  if (p.age < 18 || p.age > 80 || !r.chance(0.55)) return [];
  const classes = [r.chance(0.85) ? 'A1' : 'A'];
  if (r.chance(0.35)) classes.push('B');
  if (p.age >= 21 && r.chance(0.06)) classes.push('C');
  if (p.age >= 27 && r.chance(0.02)) classes.push('D');
  const suspended = r.chance(0.02);
  const pointsLeft = r.chance(0.1) ? r.int(2, 10) : LICENCE_POINTS_PER_YEAR;
  const eligible = classes.filter(
    (code) => birthday(p, licenceClass(code).minimumAge) <= REFERENCE_DATE,
  );
  return eligible.map((code) => {
    const cls = licenceClass(code);
    const issuedOn = dayBetween(
      r,
      later('2000-01-01', birthday(p, cls.minimumAge)),
      REFERENCE_DATE,
    );
    const issuedYear = Number(issuedOn.slice(0, 4));
    const expiresOn = cls.validityYears === null ? null : plusYears(issuedOn, cls.validityYears);
    // Motorbike and car licences are separate cards with their own numbers.
    const number = `${home.plate}${cls.motorbike ? 0 : 1}${pad(scatter(p.index, 1_000_000_000), 9)}`;
    return {
      personalId: p.personalId,
      licenceNumber: number,
      class: code,
      issuedOn,
      expiresOn,
      issuingAuthority:
        issuedYear >= 2025 ? `Công an ${home.name}` : `Sở Giao thông vận tải ${home.name}`,
      status: suspended
        ? ('SUSPENDED' as const)
        : expiresOn !== null && expiresOn < REFERENCE_DATE
          ? ('EXPIRED' as const)
          : ('VALID' as const),
      pointsLeft,
    };
  });
}

/** Plates are unique: `index * 3 + k` (k < 3 vehicles) is spread over series and 5-digit numbers. */
function plate(p: Person, k: number, home: Province): string {
  const n = p.index * 3 + k;
  const number = pad(n % 100_000, 5);
  const series = Math.floor(n / 100_000);
  const letters = catalog.PLATE_LETTERS;
  const seriesName = `${letters[series % letters.length]}${Math.floor(series / letters.length) + 1}`;
  return `${home.plate}${seriesName}-${number.slice(0, 3)}.${number.slice(3)}`;
}

function registrations(p: Person, r: Random, home: Province, licensed: boolean) {
  if (p.age < 18) return [];
  const kinds: ('MOTORBIKE' | 'CAR' | 'TRUCK')[] = [];
  if (r.chance(licensed ? 0.9 : 0.4)) kinds.push('MOTORBIKE');
  if (r.chance(0.1)) kinds.push('MOTORBIKE');
  if (r.chance(licensed ? 0.2 : 0.05)) kinds.push(r.chance(0.9) ? 'CAR' : 'TRUCK');
  return kinds.map((vehicleType, k) => {
    const [brand, model] = r.pick<readonly [string, string]>(
      vehicleType === 'MOTORBIKE'
        ? catalog.MOTORBIKES
        : vehicleType === 'CAR'
          ? catalog.CARS
          : catalog.TRUCKS,
    );
    return {
      personalId: p.personalId,
      plate: plate(p, k, home),
      vehicleType,
      brand,
      model,
      colour: r.pick(catalog.COLOURS),
      chassisNumber: `RL${r.digits(15)}`,
      engineNumber: `${brand.slice(0, 2).toUpperCase()}${r.digits(9)}`,
      registeredOn: dayBetween(r, later('2005-01-01', birthday(p, 18)), REFERENCE_DATE),
      status: r.chance(0.04) ? ('DEREGISTERED' as const) : ('ACTIVE' as const),
    };
  });
}

function taxRecords(p: Person, r: Random, home: Province) {
  if (p.age < 18 || p.age > 70 || !r.chance(0.6)) return {};
  const firstYear = Math.max(REFERENCE_YEAR - 5, p.birthYear + 18);
  const dependants = r.weighted([
    [0, 50],
    [1, 30],
    [2, 20],
  ] as const);
  const baseIncome = r.int(60, 900) * 1_000_000;
  const declarations = [];
  for (let year = firstYear; year < REFERENCE_YEAR; year++) {
    const income = Math.round(baseIncome * (1 + 0.06 * (year - firstYear)));
    declarations.push({
      personalId: p.personalId,
      year,
      income,
      taxPaid: annualIncomeTax(income, dependants),
    });
  }
  const outstanding = r.chance(0.05)
    ? [
        {
          personalId: p.personalId,
          kind: 'PERSONAL_INCOME_TAX' as const,
          period: String(REFERENCE_YEAR - 1),
          amount: r.int(5, 200) * 100_000,
          dueOn: `${REFERENCE_YEAR}-04-30`,
        },
      ]
    : [];
  return {
    taxpayer: {
      personalId: p.personalId,
      taxOffice: `Thuế ${home.name}`,
      status: r.chance(0.97) ? ('ACTIVE' as const) : ('SUSPENDED' as const),
      registeredOn: isoDate(firstYear, r.int(1, 12), r.int(1, 28)),
    },
    declarations,
    outstanding,
  };
}
