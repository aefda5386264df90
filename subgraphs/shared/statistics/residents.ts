import { type SQL, sql } from 'drizzle-orm';

/**
 * The current province of permanent residence of every living citizen: the population register's
 * latest permanent residence not ended (as `Citizen.permanentResidence` serves it). Every agency's
 * statistics group by it, not by the birth-registration province a personal ID carries; agencies
 * read it as they read e-ID accounts and family links (README, Production: grants).
 */
export const residents = (): SQL => sql`(
  select distinct on (r.personal_id) r.personal_id, r.province_code
  from population.residences r
  join population.citizens c on c.personal_id = r.personal_id
  where r.kind = 'PERMANENT' and (r.ended_on is null or r.ended_on >= current_date)
    and c.deceased_on is null
  order by r.personal_id, r.registered_on desc)`;

/** Months `YYYY-MM` from `from` months after the current one, `count` of them. */
export function monthsFromNow(from: number, count: number, today = new Date()): string[] {
  const months: string[] = [];
  for (let k = 0; k < count; k++) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + from + k, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}
