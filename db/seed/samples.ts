import { type CitizenRecord, generateCitizen } from './generate.ts';

export interface Sample {
  label: string;
  personalId: string;
  index: number;
}

/**
 * Personal IDs that exist in a population of `count`, one per interesting situation, found by
 * generating rather than querying: the data is deterministic, so no database is needed.
 */
export function samplePersonalIds(count: number): Sample[] {
  const wanted: [string, (r: CitizenRecord) => boolean][] = [
    [
      'level-2 account, data in all five agencies',
      (r) =>
        r.eidAccount?.level === 2 && !r.eidAccount.locked && r.card !== null &&
        r.licences.length > 0 && r.registrations.length > 0 && r.declarations.length > 0,
    ],
    ['level-1 account', (r) => r.eidAccount?.level === 1 && !r.eidAccount.locked],
    ['no e-ID account (adult)', (r) => r.eidAccount === null && r.citizen.idCardNumber != null && r.citizen.deceasedOn == null],
    ['locked account', (r) => r.eidAccount?.locked === true],
    ['under-14 child with a guardian', (r) => r.familyLinks.length > 0],
    ['car owner', (r) => r.registrations.some((v) => v.vehicleType === 'CAR')],
  ];
  const found: Sample[] = [];
  for (let index = 0; index < count && wanted.length > 0; index++) {
    const record = generateCitizen(index, count);
    for (let k = 0; k < wanted.length; k++) {
      const [label, matches] = wanted[k] as [string, (r: CitizenRecord) => boolean];
      if (!matches(record)) continue;
      found.push({ label, personalId: record.citizen.personalId, index });
      wanted.splice(k, 1);
      break;
    }
  }
  return found;
}
