// The audit log cannot be rewritten, and data is never served without its audit record.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, rowsOf } from '../../db/client.ts';
import { generateCitizen } from '../../db/seed/generate.ts';
import {
  INTERNAL_TOKEN_HEADER,
  internalTokenSigner,
  subgraphTokenKey,
} from '../../kernel/access/internalToken.ts';
import { generateDevKeys } from '../../kernel/devKeys.ts';
import { SUBGRAPHS } from '../../subgraphs/definitions.ts';
import { type AuditRecord, auditWriter } from '../../subgraphs/shared/access/auditWriter.ts';
import { buildSubgraph } from '../../subgraphs/shared/subgraphServer.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';

const auditorRecord = (requestId: string): AuditRecord => ({
  requestId,
  subgraph: 'test',
  callerKind: 'auditor',
  callerId: 'test',
  scopes: ['audit'],
  decision: 'ALLOW',
});

describe.each(backends())('audit log on $name', (backend) => {
  let database: Database;
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(() => database?.close());

  it('refuses UPDATE, DELETE and TRUNCATE, even to the application role', async () => {
    const db = database.drizzle();
    const requestId = `append-only-${randomUUID()}`;
    await auditWriter(db)([auditorRecord(requestId)]);
    await expect(
      db.execute(
        sql`update access.audit_log set decision = 'DENY' where request_id = ${requestId}`,
      ),
    ).rejects.toThrow();
    await expect(
      db.execute(sql`delete from access.audit_log where request_id = ${requestId}`),
    ).rejects.toThrow();
    await expect(db.execute(sql`truncate access.audit_log`)).rejects.toThrow();
    const rows = await db.execute(
      sql`select decision from access.audit_log where request_id = ${requestId}`,
    );
    const list = rowsOf(rows);
    expect(list).toEqual([{ decision: 'ALLOW' }]);
  });

  it('numbers records with time-ordered ids (UUIDv7), so its key index grows at one end', async () => {
    const db = database.drizzle();
    const requestId = `ordered-${randomUUID()}`;
    const write = auditWriter(db);
    for (let k = 0; k < 3; k++) {
      await write([auditorRecord(requestId)]);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const rows = rowsOf<{ id: string; ms: string }>(
      await db.execute(sql`select id::text as id, (extract(epoch from at) * 1000)::bigint::text as ms
        from access.audit_log where request_id = ${requestId} order by at`),
    );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab]/);
      const idMs = Number.parseInt(row.id.replace(/-/g, '').slice(0, 12), 16);
      expect(Math.abs(idMs - Number(row.ms))).toBeLessThan(60_000);
    }
    expect(rows.map((r) => r.id)).toEqual(rows.map((r) => r.id).sort());
  });
});

describe('an audit log that cannot be written', () => {
  let database: Database;
  beforeAll(async () => {
    // PGlite only: this breaks the log on purpose, which a shared PostgreSQL test database must not see.
    const pglite = backends().find((b) => b.name === 'pglite');
    if (!pglite) throw new Error('the PGlite backend always exists');
    database = await pglite.open();
    await database
      .drizzle()
      .execute(sql`alter table access.audit_log add constraint refuse_all check (false) not valid`);
  });
  afterAll(() => database?.close());

  const personalId = generateCitizen(5, TEST_POPULATION).citizen.personalId;
  it.each([
    {
      when: 'its audit is written after the data is read',
      subgraph: 'health_insurance',
      scope: 'health_insurance',
      query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { healthInsurance { validUntil } } } }`,
      variables: { r: [{ __typename: 'Citizen', personalId }] },
    },
    {
      when: 'its audit was started before the data was read',
      subgraph: 'population',
      scope: 'identity',
      query: `query ($id: ID!) { citizen(personalId: $id) { fullName } }`,
      variables: { id: personalId },
    },
  ] as const)('withholds the data with AUDIT_UNAVAILABLE when $when', async (c) => {
    const definition = SUBGRAPHS.find((d) => d.name === c.subgraph);
    if (!definition) throw new Error(`no subgraph ${c.subgraph}`);
    const keys = await generateDevKeys();
    const { apollo, context } = buildSubgraph(definition, database, {
      tokenKey: subgraphTokenKey(keys.gatewaySecret, definition.name),
    });
    await apollo.start();
    const token = internalTokenSigner(keys.gatewaySecret)(definition.name, {
      caller: { kind: 'agency', clientId: 'social-security', scopes: [c.scope] },
      purpose: 'benefit-check',
    });
    const response = await apollo.executeOperation(
      { query: c.query, variables: c.variables },
      { contextValue: await context({ headers: { [INTERNAL_TOKEN_HEADER]: token } }) },
    );
    await apollo.stop();
    const body = response.body.kind === 'single' ? response.body.singleResult : null;
    expect(body?.data).toBeNull();
    expect(body?.errors?.map((e) => e.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
  });
});
