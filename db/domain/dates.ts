// Calendar arithmetic on ISO days (YYYY-MM-DD), in one place.
//
// A period counted in years from 29 February ends on 28 February in a common year *(public
// rule: Vietnam's Civil Code 2015, art. 148 — a period whose last month has no corresponding day
// ends on that month's last day)*. The same rule makes a person born on 29 February a year older
// on 28 February in a common year. Both stay in the start's month rather than spilling into March.

export const isLeapYear = (year: number) =>
  (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The same day `years` later (or earlier); 29 February becomes 28 February in a common year. */
export function plusYears(isoDay: string, years: number): string {
  const year = Number(isoDay.slice(0, 4)) + years;
  const monthDay =
    isoDay.slice(5, 10) === '02-29' && !isLeapYear(year) ? '02-28' : isoDay.slice(5, 10);
  return `${String(year).padStart(4, '0')}-${monthDay}`;
}

/** Years completed on `on` (an ISO day or a Date, read in UTC) by someone born on `dateOfBirth`. */
export function ageOn(dateOfBirth: string, on: string | Date): number {
  const day = typeof on === 'string' ? on.slice(0, 10) : on.toISOString().slice(0, 10);
  const years = Number(day.slice(0, 4)) - Number(dateOfBirth.slice(0, 4));
  return day < plusYears(dateOfBirth, years) ? years - 1 : years;
}

const DAY_MS = 86_400_000;
let today = '';
let todayEnds = Number.NEGATIVE_INFINITY;

/**
 * Today's ISO day in UTC, formatted once per day rather than on every call: residences ask it per
 * citizen, and a Date and its ISO string cost more than the rest of the choice.
 */
export function todayUtc(now = Date.now()): string {
  if (now >= todayEnds || now < todayEnds - DAY_MS) {
    today = new Date(now).toISOString().slice(0, 10);
    todayEnds = (Math.floor(now / DAY_MS) + 1) * DAY_MS;
  }
  return today;
}
