import { eq, getTableColumns } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { citizens, eidAccounts } from '../../db/schema/population.ts';
import { copyField, copyLayout, seedWithCopy } from '../../db/seed/copy.ts';
import { type CitizenRecord, generateCitizen } from '../../db/seed/generate.ts';
import { TARGETS } from '../../db/seed/seed.ts';

const COUNT = 2_000;
const COPY_DATABASE = 'citizen_graph_copy_test';
const TRICKY = 'tab\there, back\\slash, new\nline, return\r, \\N, Nguyễn Thị Ánh';

describe('copyField', () => {
  it('escapes backslash, tab, newline and carriage return for the COPY text format', () => {
    expect(copyField(TRICKY)).toBe(
      'tab\\there, back\\\\slash, new\\nline, return\\r, \\\\N, Nguyễn Thị Ánh',
    );
  });

  it('writes NULL as \\N, booleans as t/f and numbers as decimals', () => {
    expect([null, undefined, true, false, 0, -42, 123_456_789_012, 12n].map(copyField)).toEqual([
      '\\N',
      '\\N',
      't',
      'f',
      '0',
      '-42',
      '123456789012',
      '12',
    ]);
  });
});

describe('copyLayout', () => {
  it('names the schema, table and columns from drizzle', () => {
    expect(copyLayout(eidAccounts)).toEqual({
      statement:
        'COPY "population"."eid_accounts" ("personal_id", "level", "locked", "registered_at") FROM STDIN',
      columns: [
        { key: 'personalId', fallback: null },
        { key: 'level', fallback: null },
        { key: 'locked', fallback: false },
        { key: 'registeredAt', fallback: null },
      ],
    });
  });
});

const baseUrl = inject('testDatabaseUrl');

// Needs a PostgreSQL server: skipped when DATABASE_URL is unset, which CI always sets.
describe.skipIf(!baseUrl)('seedWithCopy on PostgreSQL', () => {
  const population = Array.from({ length: COUNT }, (_, i) => generateCitizen(i, COUNT));
  let admin: postgres.Sql;
  let database: Database;
  let sql: postgres.Sql;

  beforeAll(async () => {
    admin = postgres(baseUrl as string, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${COPY_DATABASE} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${COPY_DATABASE}`);
    const url = new URL(baseUrl as string);
    url.pathname = `/${COPY_DATABASE}`;
    database = openDatabase({ url: url.toString(), poolSize: 2 });
    await database.migrate();
    sql = database.sql as postgres.Sql;
    await seedWithCopy(sql, { count: COUNT, batchSize: 700 });
  });

  afterAll(async () => {
    await database?.close();
    await admin?.unsafe(`DROP DATABASE IF EXISTS ${COPY_DATABASE} WITH (FORCE)`);
    await admin?.end();
  });

  const rowsOf = (record: CitizenRecord, key: keyof CitizenRecord) => {
    const value = record[key];
    return value === null ? [] : Array.isArray(value) ? value : [value];
  };

  it('writes as many rows into every table as the generator produced', async () => {
    const db = database.drizzle();
    for (const [key, table] of TARGETS) {
      const expected = population.reduce((n, record) => n + rowsOf(record, key).length, 0);
      expect({ key, rows: await db.$count(table) }).toEqual({ key, rows: expected });
    }
  });

  it('reads back exactly the generated rows: text with diacritics, NULLs and dates', async () => {
    const first = (predicate: (r: CitizenRecord) => boolean) => population.findIndex(predicate);
    const samples = [
      0,
      7,
      COUNT - 1,
      first((r) => r.citizen.idCardNumber === null),
      first((r) => r.citizen.deceasedOn !== null),
      first((r) => r.residences.some((x) => x.endedOn !== null)),
      first((r) => r.licences.some((x) => x.expiresOn === null)),
      first((r) => r.registrations.length > 1),
      first((r) => r.declarations.length > 0 && r.outstanding.length > 0),
      first((r) => r.familyLinks.length > 0 && r.card !== null),
      first((r) => r.eidAccount?.locked === true),
    ];
    expect(samples).not.toContain(-1);
    expect(population[0]?.citizen.nationality).toBe('Việt Nam');

    const db = database.drizzle();
    for (const index of samples) {
      const record = population[index] as CitizenRecord;
      for (const [key, table] of TARGETS) {
        const personalId = getTableColumns(table).personalId as PgColumn;
        const stored = await db
          .select()
          .from(table)
          .where(eq(personalId, record.citizen.personalId));
        const expected = rowsOf(record, key);
        expect(stored.map(sameInstant)).toHaveLength(expected.length);
        expect(stored.map(sameInstant)).toEqual(expect.arrayContaining(expected.map(sameInstant)));
      }
    }
  });

  it('round-trips tabs, backslashes and newlines through COPY', async () => {
    await sql.begin(async (tx) => {
      await tx`CREATE TEMPORARY TABLE tricky (id int, value text)`;
      const stream = await tx`COPY tricky (id, value) FROM STDIN`.writable();
      stream.end(`1\t${copyField(TRICKY)}\n2\t${copyField(null)}\n`);
      await new Promise((resolve, reject) => stream.on('finish', resolve).on('error', reject));
      const rows = await tx`SELECT id, value FROM tricky ORDER BY id`;
      expect(rows.map((r) => ({ ...r }))).toEqual([
        { id: 1, value: TRICKY },
        { id: 2, value: null },
      ]);
    });
  });

  it('rolls back a batch the server refuses, instead of hanging or committing half of it', async () => {
    const last = population[COUNT - 1] as CitizenRecord;
    // The citizen row goes in again, then its residences collide with the ones still there.
    await sql`DELETE FROM population.citizens WHERE personal_id = ${last.citizen.personalId}`;
    await expect(seedWithCopy(sql, { count: COUNT, start: COUNT - 1 })).rejects.toThrow(
      /duplicate key/,
    );
    expect(await database.drizzle().$count(citizens)).toBe(COUNT - 1);
    const [aborted] = await sql`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = ${COPY_DATABASE} AND state = 'idle in transaction (aborted)'`;
    expect(aborted?.n).toBe(0);
  });
});

/** eid_accounts.registered_at reads back in PostgreSQL's own timestamp format. */
/** Timestamps as ISO instants: PostgreSQL prints them in its own format. */
function sameInstant(row: object) {
  const copy: Record<string, unknown> = { ...row };
  for (const key of ['registeredAt', 'updatedAt']) {
    const value = copy[key];
    if (typeof value === 'string') copy[key] = new Date(value).toISOString();
  }
  return copy;
}
