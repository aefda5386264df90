import { describe, expect, it } from 'vitest';
import { ageOn as ageAt } from '../../db/domain/dates.ts';
import { licenceClass } from '../../db/domain/licenceClasses.ts';
import { checkPersonalId } from '../../db/domain/personalId.ts';
import { generateCitizen, REFERENCE_DATE } from '../../db/seed/generate.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';

const COUNT = 20_000;
const population = Array.from({ length: COUNT }, (_, i) => generateCitizen(i, COUNT));
const ageOn = (dateOfBirth: string, day = REFERENCE_DATE) => ageAt(dateOfBirth, day);
const share = (predicate: (r: (typeof population)[number]) => boolean) =>
  population.filter(predicate).length / COUNT;

describe('the synthetic population', () => {
  it('is deterministic: citizen i is the same whenever it is generated', () => {
    expect(generateCitizen(1234, COUNT)).toEqual(population[1234]);
    expect(generateCitizen(1234, COUNT * 10).citizen).toEqual(population[1234]?.citizen);
  });

  it('gives every citizen a unique, valid personal ID that agrees with sex and year of birth', () => {
    const ids = new Set(population.map((r) => r.citizen.personalId));
    expect(ids.size).toBe(COUNT);
    for (const { citizen } of population) {
      const check = checkPersonalId(citizen.personalId);
      expect(check.ok).toBe(true);
      if (!check.ok) continue;
      expect(check.parts.sex).toBe(citizen.sex);
      expect(check.parts.birthYear).toBe(Number(citizen.dateOfBirth.slice(0, 4)));
    }
  });

  it('keeps personal IDs unique beyond a million citizens', () => {
    const ids = new Set<string>();
    for (const base of [0, 1_000_000, 2_000_000, 9_000_000]) {
      for (let i = 0; i < 2_000; i++)
        ids.add(generateCitizen(base + i, 10_000_000).citizen.personalId);
    }
    expect(ids.size).toBe(8_000);
  });

  it('links every under-14 child to one or two parents 20 to 50 years older', () => {
    const byId = new Map(population.map((r) => [r.citizen.personalId, r]));
    const children = population.filter((r) => ageOn(r.citizen.dateOfBirth) < 14);
    expect(children.length).toBeGreaterThan(COUNT * 0.15);
    for (const child of children) {
      expect(child.familyLinks.length).toBeGreaterThanOrEqual(1);
      for (const link of child.familyLinks) {
        const parent = byId.get(link.guardianPersonalId);
        const gap =
          Number(child.citizen.dateOfBirth.slice(0, 4)) -
          Number(parent?.citizen.dateOfBirth.slice(0, 4));
        expect(gap).toBeGreaterThanOrEqual(20);
        expect(gap).toBeLessThanOrEqual(50);
        expect(link.relation).toBe(parent?.citizen.sex === 'MALE' ? 'FATHER' : 'MOTHER');
      }
    }
  });

  it('writes only real calendar dates (no 29 February in a common year)', () => {
    const isDay = (value: unknown) =>
      typeof value !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
      new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
    // One assertion over all values: an expect() per value took minutes on a loaded machine.
    const invalid: string[] = [];
    for (const record of population) {
      for (const row of Object.values(record).flat()) {
        for (const [column, value] of Object.entries(row ?? {}))
          if (!isDay(value)) invalid.push(`${column} ${value}`);
      }
    }
    expect(invalid).toEqual([]);
  });

  it('issues licence classes only to citizens old enough for them', () => {
    for (const r of population) {
      for (const licence of r.licences) {
        expect(ageOn(r.citizen.dateOfBirth, licence.issuedOn)).toBeGreaterThanOrEqual(
          licenceClass(licence.class).minimumAge,
        );
      }
    }
  });

  it('has realistic shares of insurance, licences, vehicles, tax and e-ID levels', () => {
    expect(share((r) => r.card !== null)).toBeGreaterThan(0.85);
    expect(share((r) => r.licences.length > 0)).toBeGreaterThan(0.25);
    const vehicles = population.flatMap((r) => r.registrations);
    expect(
      vehicles.filter((v) => v.vehicleType === 'MOTORBIKE').length / vehicles.length,
    ).toBeGreaterThan(0.75);
    expect(new Set(vehicles.map((v) => v.plate)).size).toBe(vehicles.length);
    expect(
      population
        .filter((r) => r.declarations.length > 0)
        .every((r) => ageOn(r.citizen.dateOfBirth) >= 18),
    ).toBe(true);
    expect(share((r) => r.eidAccount?.level === 2)).toBeGreaterThan(0.3);
    expect(share((r) => r.eidAccount?.level === 1)).toBeGreaterThan(0.1);
    expect(share((r) => r.eidAccount?.locked === true)).toBeGreaterThan(0);
    expect(
      population
        .filter((r) => r.eidAccount !== null)
        .every((r) => ageOn(r.citizen.dateOfBirth) >= 14),
    ).toBe(true);
  });

  it('offers a sample personal ID for every situation the README and tests use', () => {
    const samples = samplePersonalIds(10_000);
    expect(samples.map((s) => s.label)).toHaveLength(6);
    for (const s of samples)
      expect(generateCitizen(s.index, 10_000).citizen.personalId).toBe(s.personalId);
  });
});

describe('the README', () => {
  it('shows an example personal ID that is the first sample of the default data', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const [first] = samplePersonalIds(10_000);
    expect(readme).toContain(`citizen(personalId: \\"${first?.personalId}\\")`);
  });
});
