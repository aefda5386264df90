// Every subgraph resolves Citizen entities the way the gateway asks for them (`_entities`): in one
// SQL statement whatever the number of representations, with the access rules applied per entity,
// and only for requests the gateway signed. No port is opened.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { generateCitizen } from '../../db/seed/generate.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import type { Caller } from '../../kernel/access/caller.ts';
import {
  INTERNAL_TOKEN_HEADER,
  internalTokenSigner,
  REQUEST_ID_HEADER,
  subgraphTokenKey,
} from '../../kernel/access/internalToken.ts';
import { DATA_SCOPES } from '../../kernel/access/scopes.ts';
import { type DevKeys, generateDevKeys } from '../../kernel/devKeys.ts';
import { SUBGRAPHS } from '../../subgraphs/definitions.ts';
import { buildSubgraph } from '../../subgraphs/shared/subgraphServer.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { expectedCitizen } from '../support/expected.ts';
import { auditAppends, dataStatements, MAX_APPENDS_PER_BATCH } from '../support/testSystem.ts';

const ALL_SCOPES_AGENCY: Caller = {
  kind: 'agency',
  clientId: 'test-agency',
  scopes: [...DATA_SCOPES],
};

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
  let keys: DevKeys;
  beforeAll(async () => {
    database = await backend.open();
    keys = await generateDevKeys();
  });
  const headersFor = (
    subgraph: string,
    caller: Caller,
    purpose: string | null = 'integration-test',
  ) => ({
    [INTERNAL_TOKEN_HEADER]: internalTokenSigner(keys.gatewaySecret)(subgraph, { caller, purpose }),
  });
  const entitiesQuery = (selection: string) =>
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { personalId ${selection} } } }`;
  afterAll(() => database?.close());

  it('denies every gated field of another citizen interleaved with the caller’s own, however many fields a request reads', async () => {
    const population = SUBGRAPHS.find((d) => d.name === 'population');
    if (!population) throw new Error('population is a subgraph');
    const { apollo, context } = buildSubgraph(population, database, {
      tokenKey: subgraphTokenKey(keys.gatewaySecret, 'population'),
    });
    await apollo.start();
    const owner = samplePersonalIds(TEST_POPULATION).find((s) =>
      s.label.startsWith('level-2 account'),
    )?.personalId as string;
    const other = generateCitizen(1, TEST_POPULATION).citizen.personalId;
    const fields = ['fullName', 'dateOfBirth', 'sex', 'nationality'];
    const caller: Caller = { kind: 'citizen', personalId: owner, level: 2 };
    const order = [other, owner, other, owner];
    const response = await apollo.executeOperation(
      {
        query: entitiesQuery(fields.join(' ')),
        variables: { r: order.map((personalId) => ({ __typename: 'Citizen', personalId })) },
      },
      { contextValue: await context({ headers: headersFor('population', caller, null) }) },
    );
    await apollo.stop();
    const body = response.body.kind === 'single' ? response.body.singleResult : null;
    const entities = body?.data?._entities as Record<string, unknown>[];
    order.forEach((personalId, k) => {
      for (const field of fields) {
        if (personalId === owner) expect(entities[k]?.[field], field).not.toBeNull();
        else expect(entities[k]?.[field], field).toBeNull();
      }
    });
    const denied = (body?.errors ?? []).map((e) => `${e.path?.join('.')}:${e.extensions?.reason}`);
    expect(denied.sort()).toEqual(
      [0, 2].flatMap((k) => fields.map((f) => `_entities.${k}.${f}:NOT_DATA_SUBJECT`)).sort(),
    );
  });

  describe.each(SUBGRAPHS.map((d) => [d.name, d] as const))('%s', (name, definition) => {
    it('resolves 50 citizens from _entities in one SQL statement, in order', async () => {
      const statements: string[] = [];
      const { apollo, context } = buildSubgraph(definition, database, {
        tokenKey: subgraphTokenKey(keys.gatewaySecret, name),
        logger: { logQuery: (q) => statements.push(q) },
      });
      await apollo.start();
      const indexes = Array.from({ length: 50 }, (_, k) => k * 7 + 1);
      const representations = indexes.map((i) => ({
        __typename: 'Citizen',
        personalId: generateCitizen(i, TEST_POPULATION).citizen.personalId,
      }));
      const { selection, expected } = CASES[name] as (typeof CASES)[string];
      const response = await apollo.executeOperation(
        { query: entitiesQuery(selection), variables: { r: representations } },
        { contextValue: await context({ headers: headersFor(name, ALL_SCOPES_AGENCY) }) },
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
      expect(dataStatements(statements)).toHaveLength(1);
      expect(auditAppends(statements).length).toBeGreaterThanOrEqual(1);
      expect(auditAppends(statements).length).toBeLessThanOrEqual(MAX_APPENDS_PER_BATCH);
    });

    it('answers a citizen their own entity and refuses the other one in the same request', async () => {
      const { apollo, context } = buildSubgraph(definition, database, {
        tokenKey: subgraphTokenKey(keys.gatewaySecret, name),
      });
      await apollo.start();
      const owner = samplePersonalIds(TEST_POPULATION).find((s) =>
        s.label.startsWith('level-2 account'),
      );
      const other = generateCitizen(1, TEST_POPULATION).citizen.personalId;
      const { selection } = CASES[name] as (typeof CASES)[string];
      const caller: Caller = { kind: 'citizen', personalId: owner?.personalId as string, level: 2 };
      const response = await apollo.executeOperation(
        {
          query: entitiesQuery(selection),
          variables: {
            r: [owner?.personalId, other].map((personalId) => ({
              __typename: 'Citizen',
              personalId,
            })),
          },
        },
        { contextValue: await context({ headers: headersFor(name, caller, null) }) },
      );
      await apollo.stop();
      const body = response.body.kind === 'single' ? response.body.singleResult : null;
      const field = selection.split(' ')[0] as string;
      const entities = body?.data?._entities as Record<string, unknown>[];
      expect(entities[0]?.[field]).not.toBeNull();
      expect(entities[1]?.[field]).toBeNull();
      expect(body?.errors).toHaveLength(1);
      expect(body?.errors?.[0]?.path).toEqual(['_entities', 1, field]);
      expect(body?.errors?.[0]?.extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'NOT_DATA_SUBJECT',
      });
    });

    it('refuses a request without the gateway token, one signed with another secret, and one signed for another subgraph', async () => {
      const { context } = buildSubgraph(definition, database, {
        tokenKey: subgraphTokenKey(keys.gatewaySecret, name),
      });
      await expect(context({ headers: {} })).rejects.toMatchObject({
        extensions: { code: 'UNAUTHENTICATED' },
      });
      const identity = { caller: ALL_SCOPES_AGENCY, purpose: 'x' };
      const requestId = randomUUID();
      const forger = await generateDevKeys();
      const other = name === 'tax' ? 'population' : 'tax';
      for (const token of [
        internalTokenSigner(forger.gatewaySecret)(name, identity),
        internalTokenSigner(keys.gatewaySecret)(other, identity),
      ]) {
        await expect(
          context({ headers: { [INTERNAL_TOKEN_HEADER]: token } }),
        ).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      }
      await expect(
        context({
          headers: {
            [INTERNAL_TOKEN_HEADER]: internalTokenSigner(keys.gatewaySecret)(name, identity),
            [REQUEST_ID_HEADER]: requestId,
          },
        }),
      ).resolves.toMatchObject({ requestId });
    });
  });
});
