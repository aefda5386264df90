import { getTableColumns, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../client.ts';
import * as schema from '../schema/index.ts';
import { type CitizenRecord, generateCitizen } from './generate.ts';

/** Where each part of a generated citizen goes. */
export const TARGETS: readonly (readonly [keyof CitizenRecord, PgTable])[] = [
  ['citizen', schema.population.citizens],
  ['residences', schema.population.residences],
  ['familyLinks', schema.population.familyLinks],
  ['eidAccount', schema.population.eidAccounts],
  ['card', schema.healthInsurance.cards],
  ['licences', schema.driving.licences],
  ['registrations', schema.vehicles.registrations],
  ['taxpayer', schema.tax.taxpayers],
  ['declarations', schema.tax.declarations],
  ['outstanding', schema.tax.outstanding],
];

/** PostgreSQL's wire protocol allows 65,535 parameters per statement. */
const MAX_PARAMETERS = 65_535;

export interface SeedOptions {
  count: number;
  /** Citizens generated and written per round; memory stays bounded whatever the count. */
  batchSize?: number;
  onProgress?: (done: number) => void;
  /** First citizen to write, to resume an interrupted seed. */
  start?: number;
}

/** Writes citizens start..count-1 into every agency's schema with multi-row inserts. */
export async function seed(
  db: Db,
  { count, batchSize = 5_000, onProgress, start = 0 }: SeedOptions,
) {
  for (let from = start; from < count; from += batchSize) {
    const end = Math.min(count, from + batchSize);
    const rows = new Map<PgTable, Record<string, unknown>[]>(TARGETS.map(([, t]) => [t, []]));
    for (let index = from; index < end; index++) {
      const record = generateCitizen(index, count);
      for (const [key, table] of TARGETS) {
        const value = record[key];
        if (value === null) continue;
        const target = rows.get(table) as Record<string, unknown>[];
        if (Array.isArray(value)) target.push(...value);
        else target.push(value);
      }
    }
    await db.transaction(async (tx) => {
      for (const [table, tableRows] of rows) {
        const chunk = Math.floor(MAX_PARAMETERS / Object.keys(getTableColumns(table)).length);
        for (let at = 0; at < tableRows.length; at += chunk) {
          await tx.insert(table).values(tableRows.slice(at, at + chunk));
        }
      }
    });
    onProgress?.(end);
  }
}

/** Empties every agency's tables (keeps the schema). */
export async function truncateAll(db: Db) {
  const names = TARGETS.map(([, t]) => t)
    .filter((t, i, all) => all.indexOf(t) === i)
    .map((t) => {
      const { schema: s, name } = getTableConfig(t);
      return `"${s}"."${name}"`;
    });
  await db.execute(sql.raw(`TRUNCATE ${names.join(', ')}`));
}

export async function citizenCount(db: Db): Promise<number> {
  const result = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.population.citizens);
  return result[0]?.n ?? 0;
}
