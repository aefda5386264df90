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
        r.eidAccount?.level === 2 &&
        !r.eidAccount.locked &&
        r.card !== null &&
        r.licences.length > 0 &&
        r.registrations.length > 0 &&
        r.declarations.length > 0,
    ],
    ['level-1 account', (r) => r.eidAccount?.level === 1 && !r.eidAccount.locked],
    [
      'no e-ID account (adult)',
      (r) =>
        r.eidAccount === null && r.citizen.idCardNumber != null && r.citizen.deceasedOn == null,
    ],
    ['locked account', (r) => r.eidAccount?.locked === true],
    ['under-14 child with a guardian', (r) => r.familyLinks.length > 0],
    ['car owner', (r) => r.registrations.some((v) => v.vehicleType === 'CAR')],
  ];
  const found = new Map<string, Sample>();
  for (let index = 0; index < count && found.size < wanted.length; index++) {
    const record = generateCitizen(index, count);
    const match = wanted.find(([label, matches]) => !found.has(label) && matches(record));
    if (match)
      found.set(match[0], { label: match[0], personalId: record.citizen.personalId, index });
  }
  return wanted.flatMap(([label]) => found.get(label) ?? []);
}
