// Distribution stays possible (docs/SCALE-OUT.md): every table of db/schema is classified in
// TABLE_DISTRIBUTION, and every citizen-keyed one keeps personal_id in its primary key and in each
// unique key, as Citus requires of a table distributed by personal_id.

import { readFileSync } from 'node:fs';
import { is } from 'drizzle-orm';
import {
  getTableConfig,
  type PgTable,
  PgTable as PgTableClass,
  pgSchema,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { personalId } from '../../db/schema/columns.ts';
import { TABLE_DISTRIBUTION, type TableDistribution } from '../../db/schema/distribution.ts';
import * as schema from '../../db/schema/index.ts';

const SCALE_OUT = readFileSync(new URL('../../docs/SCALE-OUT.md', import.meta.url), 'utf8');

const tablesOf = (modules: Record<string, Record<string, unknown>>): PgTable[] =>
  Object.values(modules).flatMap((module) =>
    Object.values(module).filter((value): value is PgTable => is(value, PgTableClass)),
  );

const nameOf = (table: PgTable) => {
  const config = getTableConfig(table);
  return `${config.schema ?? 'public'}.${config.name}`;
};

/** The column lists of a table's primary key and of each unique key, by what declares them. */
function keysOf(table: PgTable): { primary: string[]; unique: [string, string[]][] } {
  const config = getTableConfig(table);
  const primary = [
    ...config.columns.filter((c) => c.primary).map((c) => c.name),
    ...config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
  ];
  const unique: [string, string[]][] = [
    ...config.columns.filter((c) => c.isUnique).map((c): [string, string[]] => [c.name, [c.name]]),
    ...config.uniqueConstraints.map((u): [string, string[]] => [
      u.getName() ?? 'unnamed unique constraint',
      u.columns.map((c) => c.name),
    ]),
    ...config.indexes
      .filter((i) => i.config.unique)
      .map((i): [string, string[]] => [
        i.config.name ?? 'unnamed unique index',
        i.config.columns.map((c) => ('name' in c ? String(c.name) : 'an expression')),
      ]),
  ];
  return { primary, unique };
}

/** What keeps a table from being distributed as classified; empty when nothing does. */
function distributionProblems(
  tables: PgTable[],
  classes: Record<string, TableDistribution>,
): string[] {
  const names = tables.map(nameOf);
  const problems = [
    ...names.filter((n) => !(n in classes)).map((n) => `${n}: not classified`),
    ...Object.keys(classes)
      .filter((n) => !names.includes(n))
      .map((n) => `${n}: classified, but no such table`),
  ];
  for (const table of tables) {
    const name = nameOf(table);
    const entry = classes[name];
    const { primary, unique } = keysOf(table);
    const columns = getTableConfig(table).columns.map((c) => c.name);
    if (entry?.kind === 'citizen') {
      if (!primary.includes('personal_id'))
        problems.push(`${name}: personal_id not in its primary key`);
      for (const [key, cols] of unique) {
        if (!cols.includes('personal_id'))
          problems.push(`${name}: personal_id not in unique key ${key}`);
      }
    }
    if (entry?.kind === 'other') {
      if (!columns.includes(entry.column)) problems.push(`${name}: no column ${entry.column}`);
      const keyed = [primary, ...unique.map(([, cols]) => cols)].every((k) =>
        k.includes(entry.column),
      );
      if (!keyed && !entry.rekey)
        problems.push(`${name}: ${entry.column} not in every key, and no rekey step`);
      if (keyed && entry.rekey)
        problems.push(`${name}: already keyed by ${entry.column}, rekey is stale`);
    }
    if (entry?.kind === 'reference' && columns.includes('personal_id')) {
      problems.push(`${name}: a reference table would copy citizen data to every node`);
    }
  }
  return problems;
}

describe('distribution by personal_id', () => {
  const tables = tablesOf(schema);

  it('finds the tables of every agency and of access', () => {
    expect(tables.length).toBeGreaterThanOrEqual(14);
    expect(new Set(tables.map((t) => nameOf(t).split('.')[0]))).toEqual(
      new Set(['population', 'health_insurance', 'driving', 'vehicles', 'tax', 'access']),
    );
  });

  it('stays possible: every table classified, every citizen-keyed key holding personal_id', () => {
    expect(distributionProblems(tables, TABLE_DISTRIBUTION)).toEqual([]);
  });

  it('is documented in docs/SCALE-OUT.md, table by table', () => {
    expect(SCALE_OUT).toContain('db/schema/distribution.ts');
    for (const name of Object.keys(TABLE_DISTRIBUTION))
      expect(SCALE_OUT, name).toContain(`\`${name}\``);
  });

  describe('on deliberately wrong tables', () => {
    const wrong = pgSchema('wrong');
    const byPlate = wrong.table(
      'plates',
      { personalId: personalId(), plate: text('plate').notNull() },
      (t) => [
        primaryKey({ columns: [t.personalId, t.plate] }),
        uniqueIndex('plates_plate_idx').on(t.plate),
      ],
    );
    const byLicence = wrong.table('licences', {
      personalId: personalId(),
      number: text('number').primaryKey(),
    });
    const fixtureClasses: Record<string, TableDistribution> = {
      'wrong.plates': { kind: 'citizen' },
      'wrong.licences': { kind: 'citizen' },
      'wrong.lookup': { kind: 'reference', reason: 'a lookup' },
      'wrong.gone': { kind: 'citizen' },
    };
    const lookup = wrong.table('lookup', { personalId: personalId().primaryKey() });
    const unclassified = wrong.table('new_table', { personalId: personalId().primaryKey() });

    it('names each key without personal_id, a citizen table in a reference one, and unclassified or vanished tables', () => {
      expect(
        distributionProblems([byPlate, byLicence, lookup, unclassified], fixtureClasses).sort(),
      ).toEqual(
        [
          'wrong.gone: classified, but no such table',
          'wrong.licences: personal_id not in its primary key',
          'wrong.lookup: a reference table would copy citizen data to every node',
          'wrong.new_table: not classified',
          'wrong.plates: personal_id not in unique key plates_plate_idx',
        ].sort(),
      );
    });

    it('asks a table distributed by another column for its rekey step, and only when needed', () => {
      const audit = schema.access.auditLog;
      expect(
        distributionProblems([audit], {
          'access.audit_log': { kind: 'other', column: 'subject', reason: 'by subject' },
        }),
      ).toEqual(['access.audit_log: subject not in every key, and no rekey step']);
      expect(
        distributionProblems([schema.access.consents], {
          'access.consents': {
            kind: 'other',
            column: 'personal_id',
            reason: 'r',
            rekey: 'none needed',
          },
        }),
      ).toEqual(['access.consents: already keyed by personal_id, rekey is stale']);
    });
  });
});
