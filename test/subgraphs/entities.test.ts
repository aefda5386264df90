// Every subgraph resolves Citizen entities the way the gateway asks for them (`_entities`), in one
// SQL statement whatever the number of representations, without opening a port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { generateCitizen } from '../../db/seed/generate.ts';
import { SUBGRAPHS } from '../../subgraphs/definitions.ts';
import { buildSubgraph } from '../../subgraphs/shared/subgraphServer.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { expectedCitizen } from '../support/expected.ts';

type Expected = ReturnType<typeof expectedCitizen>;

/** What each subgraph adds to Citizen: a selection of it, and its expected answer. */
const CASES: Record<
  string,
  { selection: string; expected: (e: Expected) => Record<string, unknown> }
> = {
  population: { selection: 'fullName', expected: (e) => ({ fullName: e.fullName }) },
  health_insurance: {
    selection: 'healthInsurance { socialInsuranceNumber validUntil }',
    expected: (e) => ({
      healthInsurance: e.healthInsurance && {
        socialInsuranceNumber: e.healthInsurance.socialInsuranceNumber,
        validUntil: e.healthInsurance.validUntil,
      },
    }),
  },
  driving: {
    selection: 'driverLicences { class number }',
    expected: (e) => ({
      driverLicences: e.driverLicences.map((l) => ({ class: l.class, number: l.number })),
    }),
  },
  vehicles: {
    selection: 'vehicles { plate brand }',
    expected: (e) => ({ vehicles: e.vehicles.map((v) => ({ plate: v.plate, brand: v.brand })) }),
  },
  tax: {
    selection: 'tax { taxOffice declarations { year } }',
    expected: (e) => ({
      tax: e.tax && {
        taxOffice: e.tax.taxOffice,
        declarations: e.tax.declarations.map((d) => ({ year: d.year })),
      },
    }),
  },
};

describe.each(backends())('subgraph entities on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(() => database?.close());

  describe.each(SUBGRAPHS.map((d) => [d.name, d] as const))('%s', (name, definition) => {
    it('resolves 50 citizens from _entities in one SQL statement, in order', async () => {
      const statements: string[] = [];
      const { apollo, context } = buildSubgraph(
        definition,
        database.drizzle({ logQuery: (q) => statements.push(q) }),
      );
      await apollo.start();
      const indexes = Array.from({ length: 50 }, (_, k) => k * 7 + 1);
      const representations = indexes.map((i) => ({
        __typename: 'Citizen',
        personalId: generateCitizen(i, TEST_POPULATION).citizen.personalId,
      }));
      const { selection, expected } = CASES[name] as (typeof CASES)[string];
      const response = await apollo.executeOperation(
        {
          query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { personalId ${selection} } } }`,
          variables: { r: representations },
        },
        { contextValue: await context({ headers: {} } as never) },
      );
      await apollo.stop();
      const body = response.body.kind === 'single' ? response.body.singleResult : null;
      expect(body?.errors).toBeUndefined();
      const entities = body?.data?._entities as Record<string, unknown>[];
      expect(entities).toEqual(
        indexes.map((i, k) => ({
          personalId: representations[k]?.personalId,
          ...expected(expectedCitizen(i)),
        })),
      );
      expect(statements).toHaveLength(1);
    });
  });
});
