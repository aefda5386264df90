// An entry point that names its citizens (citizen, citizens, _entities) has their fields' access
// decided before it reads them, so the audit is written while the data is read. What it decides must
// be what the query selects.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../db/client.ts';
import { generateCitizen } from '../../db/seed/generate.ts';
import type { Caller } from '../../kernel/access/caller.ts';
import {
  INTERNAL_TOKEN_HEADER,
  internalTokenSigner,
  REQUEST_ID_HEADER,
  subgraphTokenKey,
} from '../../kernel/access/internalToken.ts';
import { DATA_SCOPES } from '../../kernel/access/scopes.ts';
import { type DevKeys, generateDevKeys } from '../../kernel/devKeys.ts';
import { MAX_CITIZENS_PER_QUERY } from '../../kernel/maxCitizensPerQuery.ts';
import { population } from '../../subgraphs/population/server.ts';
import { buildSubgraph } from '../../subgraphs/shared/subgraphServer.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { auditAppends, dataStatements, MAX_APPENDS_PER_BATCH } from '../support/testSystem.ts';

const AGENCY: Caller = { kind: 'agency', clientId: 'test-agency', scopes: [...DATA_SCOPES] };

describe.each(backends())('anticipated access decisions on $name', (backend) => {
  let database: Database;
  let keys: DevKeys;
  beforeAll(async () => {
    database = await backend.open();
    keys = await generateDevKeys();
  });
  afterAll(() => database?.close());

  /** Runs `query` once per set of variables on one subgraph server, each as its own request. */
  async function askEach(query: string, variableSets: Record<string, unknown>[]) {
    const statements: string[] = [];
    const { apollo, context } = buildSubgraph(population, database, {
      tokenKey: subgraphTokenKey(keys.gatewaySecret, population.name),
      logger: { logQuery: (q) => statements.push(q) },
    });
    await apollo.start();
    const token = internalTokenSigner(keys.gatewaySecret)(population.name, {
      caller: AGENCY,
      purpose: 'integration-test',
    });
    const runs = [];
    for (const variables of variableSets) {
      const requestId = randomUUID();
      const headers = { [INTERNAL_TOKEN_HEADER]: token, [REQUEST_ID_HEADER]: requestId };
      const response = await apollo.executeOperation(
        { query, variables },
        { contextValue: await context({ headers }) },
      );
      runs.push({ requestId, response });
    }
    await apollo.stop();
    const results = [];
    for (const { requestId, response } of runs) {
      const body = response.body.kind === 'single' ? response.body.singleResult : null;
      const audit = rowsOf<{ subject: string; scopes: string[]; decision: string }>(
        await database.drizzle().execute(sql`select subject, scopes, decision from access.audit_log
          where request_id = ${requestId} order by subject`),
      ).map((r) => ({ ...r, scopes: [...r.scopes].sort() }));
      results.push({ body, audit, statements });
    }
    return results;
  }

  const ask = async (query: string, variables: Record<string, unknown>) =>
    (await askEach(query, [variables]))[0] as Awaited<ReturnType<typeof askEach>>[number];

  it('audits a query for a citizen who does not exist, as it was asked', async () => {
    const absent = generateCitizen(TEST_POPULATION + 17, TEST_POPULATION).citizen.personalId;
    const { body, audit } = await ask(
      `query ($id: ID!) { citizen(personalId: $id) { fullName permanentResidence { address } } }`,
      { id: absent },
    );
    expect(body?.errors).toBeUndefined();
    expect(body?.data?.citizen).toBeNull();
    expect(audit).toEqual([
      { subject: absent, scopes: ['identity', 'residence'], decision: 'ALLOW' },
    ]);
  });

  it('decides only the fields the query selects, heeding @skip, @include and fragments', async () => {
    const id = generateCitizen(3, TEST_POPULATION).citizen.personalId;
    const { body, audit } = await ask(
      `query ($id: ID!, $address: Boolean!) {
        citizen(personalId: $id) {
          personalId
          fullName @skip(if: true)
          permanentResidence @include(if: $address) { address }
          ...Origin
          ... on Citizen { guardians { relation } }
        }
      }
      fragment Origin on Citizen { religion }`,
      { id, address: false },
    );
    expect(body?.errors).toBeUndefined();
    expect(body?.data?.citizen).toMatchObject({ personalId: id });
    expect(audit).toEqual([
      { subject: id, scopes: ['extended_identity', 'family'], decision: 'ALLOW' },
    ]);
  });

  it('heeds each request’s variables when the same operation is asked again', async () => {
    const id = generateCitizen(4, TEST_POPULATION).citizen.personalId;
    const query = `query ($id: ID!, $address: Boolean!) {
      citizen(personalId: $id) { religion permanentResidence @include(if: $address) { address } }
    }`;
    const runs = await askEach(query, [
      { id, address: true },
      { id, address: false },
      { id, address: true },
    ]);
    expect(runs.map((r) => r.audit.map((a) => a.scopes))).toEqual([
      [['extended_identity', 'residence']],
      [['extended_identity']],
      [['extended_identity', 'residence']],
    ]);
  });

  it('writes the decisions for a batch of citizens and their fields in one insert', async () => {
    // More citizens than MAX_APPENDS_PER_BATCH, so an append per citizen would fail the test.
    const ids = [5, 6, 7, 8, 9].map((i) => generateCitizen(i, TEST_POPULATION).citizen.personalId);
    const { body, audit, statements } = await ask(
      `query ($ids: [ID!]!) { citizens(personalIds: $ids) { fullName permanentResidence { address } } }`,
      { ids },
    );
    expect(body?.errors).toBeUndefined();
    expect(body?.data?.citizens).toHaveLength(ids.length);
    expect(audit).toEqual(
      [...ids]
        .sort()
        .map((subject) => ({ subject, scopes: ['identity', 'residence'], decision: 'ALLOW' })),
    );
    expect(dataStatements(statements)).toHaveLength(1);
    // One append for the batch; another suite's system on the shared database may move the
    // chain's head first, and the writer then appends again (testSystem.ts).
    expect(auditAppends(statements).length).toBeGreaterThanOrEqual(1);
    expect(auditAppends(statements).length).toBeLessThanOrEqual(MAX_APPENDS_PER_BATCH);
  });

  it('decides each citizen an _entities batch names, in one insert', async () => {
    const ids = [8, 9, 10, 11].map((i) => generateCitizen(i, TEST_POPULATION).citizen.personalId);
    const { body, audit } = await ask(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { fullName } } }`,
      { r: ids.map((personalId) => ({ __typename: 'Citizen', personalId })) },
    );
    expect(body?.errors).toBeUndefined();
    expect(body?.data?._entities).toHaveLength(4);
    expect(audit).toEqual(
      [...ids].sort().map((subject) => ({ subject, scopes: ['identity'], decision: 'ALLOW' })),
    );
  });

  it.each([
    [
      'a malformed personal ID',
      `query ($id: ID!) { citizen(personalId: $id) { fullName } }`,
      { id: '12345' },
    ],
    [
      'a batch holding one malformed ID',
      `query ($ids: [ID!]!) { citizens(personalIds: $ids) { fullName } }`,
      { ids: [generateCitizen(2, TEST_POPULATION).citizen.personalId, '12345'] },
    ],
    [
      'more IDs than a batch takes',
      `query ($ids: [ID!]!) { citizens(personalIds: $ids) { fullName } }`,
      {
        ids: Array.from(
          { length: MAX_CITIZENS_PER_QUERY + 1 },
          (_, k) => generateCitizen(k, TEST_POPULATION).citizen.personalId,
        ),
      },
    ],
  ])('decides nothing for %s: the entry point refuses the request', async (_, query, variables) => {
    const { body, audit } = await ask(query, variables);
    expect(body?.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(audit).toEqual([]);
  });
});
