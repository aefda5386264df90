import { todayUtc } from '../../db/domain/dates.ts';

interface ResidenceDates {
  kind: string;
  registeredOn: string;
  endedOn: string | null;
}

/**
 * The residence of a kind in force on `today`: not ended, or ending on or after it; of several,
 * the last registered (the first listed of equals). One pass, no copy or sort: it runs per citizen.
 */
export function currentResidence<R extends ResidenceDates>(
  residences: readonly R[],
  kind: 'PERMANENT' | 'TEMPORARY',
  today = todayUtc(),
): R | null {
  let found: R | null = null;
  for (const r of residences) {
    if (r.kind !== kind || (r.endedOn !== null && r.endedOn < today)) continue;
    if (found === null || r.registeredOn > found.registeredOn) found = r;
  }
  return found;
}
