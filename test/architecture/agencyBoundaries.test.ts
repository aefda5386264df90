// Each subgraph builds its drizzle database with its own agency's tables only (population adds the
// access schema it serves), and its code imports no other agency's tables. That reading across
// agencies cannot pass unnoticed in the types is checked by tsc: agencyDb.typecheck.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { is } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { SUBGRAPHS } from '../../subgraphs/definitions.ts';

const OWN_SCHEMAS: Record<string, string[]> = {
  population: ['access', 'population'],
  health_insurance: ['health_insurance'],
  driving: ['driving'],
  vehicles: ['vehicles'],
  tax: ['tax'],
};

describe('agency boundaries', () => {
  it.each(SUBGRAPHS.map((d) => [d.name, d] as const))(
    '%s builds its database with its own tables only',
    (name, definition) => {
      const tables = Object.values(definition.tables as Record<string, unknown>).filter((t) =>
        is(t, PgTable),
      );
      expect(tables.length).toBeGreaterThan(0);
      const schemas = new Set(tables.map((t) => getTableConfig(t as PgTable).schema));
      expect([...schemas].sort()).toEqual(OWN_SCHEMAS[name]);
    },
  );

  it.each(SUBGRAPHS.map((d) => d.name))('%s imports no other agency’s tables', (name) => {
    const dir = new URL(`../../subgraphs/${name}/`, import.meta.url);
    const imported = readdirSync(fileURLToPath(dir))
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) =>
        [...readFileSync(new URL(file, dir), 'utf8').matchAll(/db\/schema\/(\w+)\.ts/g)].map(
          (m) => m[1] as string,
        ),
      );
    const allowed = new Set(['agencies', ...(OWN_SCHEMAS[name] ?? [])]);
    expect(imported.filter((schema) => !allowed.has(schema))).toEqual([]);
  });
});
