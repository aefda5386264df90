// Each subgraph builds its drizzle database with its own agency's tables only (population adds the
// access schema it serves), and its code imports no other agency's tables. That reading across
// agencies cannot pass unnoticed in the types is checked by tsc: agencyDb.typecheck.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { is } from 'drizzle-orm';
import { getMaterializedViewConfig, getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as statistics from '../../db/schema/statistics.ts';
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
    // statistics.ts holds every agency's materialised views, each in its agency's own schema.
    const allowed = new Set(['agencies', 'statistics', ...(OWN_SCHEMAS[name] ?? [])]);
    expect(imported.filter((schema) => !allowed.has(schema))).toEqual([]);
  });

  it.each(SUBGRAPHS.map((d) => d.name))(
    '%s reads only its own agency’s statistics views',
    (name) => {
      const source = readFileSync(
        new URL(`../../subgraphs/${name}/statistics.ts`, import.meta.url),
        'utf8',
      );
      const names = [
        ...source.matchAll(/import\s*\{([^}]*)\}\s*from '\.\.\/\.\.\/db\/schema\/statistics\.ts'/g),
      ]
        .flatMap((m) => (m[1] as string).split(','))
        .map((n) => n.trim())
        .filter(Boolean);
      const views = names
        .map((n) => (statistics as Record<string, unknown>)[n])
        .filter((v) => typeof v === 'object' && v !== null && 'getSQL' in (v as object));
      expect(views.length).toBeGreaterThan(0);
      for (const view of views) {
        // biome-ignore lint/suspicious/noExplicitAny: drizzle types the config by view
        expect(OWN_SCHEMAS[name]).toContain(getMaterializedViewConfig(view as any).schema);
      }
    },
  );
});
