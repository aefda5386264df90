// PostgreSQL going away under load (a proxy in front of it is stopped and started: the shared
// server itself is never restarted), a pool whose connections are all taken, and an audit log
// that cannot be written: coded errors at the right path and service, only while the fault lasts,
// and no data served without its audit record.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.ts';
import { TEST_POPULATION } from '../support/backends.ts';
import { expectedCitizen } from '../support/expected.ts';
import {
  type Answer,
  type FaultSystem,
  startFaultSystem,
  underLoad,
} from '../support/faultSystem.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcpProxy.ts';

const url = inject('testDatabaseUrl');
const full = samplePersonalIds(TEST_POPULATION).find((s) =>
  s.label.startsWith('level-2 account, data in all five agencies'),
);
if (!full) throw new Error('no citizen with data in every agency in the test population');
const expected = expectedCitizen(full.index);
const QUERY = `query ($id: ID!) { citizen(personalId: $id) { fullName tax { taxOffice } } }`;
type Citizen = { citizen: { fullName: string; tax: { taxOffice: string } | null } | null };

const complete = (a: Answer<Citizen>) =>
  a.status === 200 &&
  a.errors === undefined &&
  a.data?.citizen?.fullName === expected.fullName &&
  a.data.citizen.tax?.taxOffice === expected.tax?.taxOffice;

/** Every answer carrying a service's data has that service's audit record. */
async function expectAudited(system: FaultSystem, answers: Answer<Citizen>[]) {
  const audited = await system.audited(answers.map((a) => a.requestId));
  for (const answer of answers) {
    const services = audited.get(answer.requestId) ?? new Set();
    if (answer.data?.citizen) expect(services).toContain('population');
    if (answer.data?.citizen?.tax) expect(services).toContain('tax');
  }
}

describe.skipIf(!url)('database faults', () => {
  // Vitest collects a skipped suite too: without a database this URL is never used.
  const direct = new URL(url ?? 'postgres://skipped');
  let postgresProxy: TcpProxy;
  let database: Database;
  let audit: Database;
  let system: FaultSystem;
  const ask = () => system.ask<Citizen>(QUERY, { id: full.personalId });

  beforeAll(async () => {
    postgresProxy = await startTcpProxy({
      host: direct.hostname,
      port: Number(direct.port || 5432),
    });
    const proxied = new URL(direct);
    proxied.port = String(postgresProxy.port);
    database = openDatabase({ url: proxied.toString(), poolSize: 4 });
    audit = openDatabase({ url: direct.toString(), poolSize: 2 });
    system = await startFaultSystem({ database, audit, subgraphTimeoutMs: 5_000 });
  });
  afterAll(async () => {
    await system?.stop();
    await database?.close();
    await audit?.close();
    await postgresProxy?.close();
  });

  it('answers errors only while PostgreSQL is down, under load', async () => {
    let phase: 'before' | 'down' | 'restarting' | 'draining' | 'after' = 'before';
    /** Requests in flight that started before service was back. */
    let unsettled = 0;
    const load = underLoad(3, async () => {
      const started = phase;
      const early = started === 'down' || started === 'restarting';
      if (early) unsettled++;
      try {
        const answer = await ask();
        return { started, finished: phase, answer };
      } finally {
        if (early) unsettled--;
      }
    });
    try {
      await expect.poll(() => load.answers.length, { timeout: 30_000 }).toBeGreaterThan(10);
      await postgresProxy.down();
      phase = 'down';
      const downAt = load.answers.length;
      await expect
        .poll(() => load.answers.length - downAt, { timeout: 30_000 })
        .toBeGreaterThan(10);
      await postgresProxy.up();
      phase = 'restarting';
      const upAt = load.answers.length;
      await expect
        .poll(() => load.answers.slice(upAt).some((a) => complete(a.answer)), { timeout: 60_000 })
        .toBe(true);
      // Service is back; requests queued during the restart may still be draining through the
      // pool (one was seen to wait out the gateway's timeout), so "after" starts once they are done.
      phase = 'draining';
      await expect.poll(() => unsettled, { timeout: 30_000 }).toBe(0);
      phase = 'after';
      const afterAt = load.answers.length;
      await expect
        .poll(() => load.answers.length - afterAt, { timeout: 30_000 })
        .toBeGreaterThan(10);
    } finally {
      await load.stop();
    }
    const answers = load.answers;

    for (const { started, finished, answer } of answers) {
      expect(answer.status).toBe(200);
      // A request in flight when the database went away may fail; none before or after it.
      if (started === finished && (started === 'before' || started === 'after'))
        expect(answer).toSatisfy(complete);
      if (started === 'down' && finished === 'down') expect(answer.errors).toBeDefined();
      for (const error of answer.errors ?? []) {
        // Fast failures, or a timeout where postgres.js waits out its reconnection back-off.
        expect(['DATABASE_UNAVAILABLE', 'AUDIT_UNAVAILABLE', 'SUBGRAPH_TIMEOUT']).toContain(
          error.extensions?.code,
        );
        expect(SUBGRAPH_NAMES).toContain(error.extensions?.serviceName);
        expect(error.path?.[0]).toBe('citizen');
      }
    }
    expect(answers.filter((a) => a.finished === 'down' && a.answer.errors).length).toBeGreaterThan(
      5,
    );
    await expectAudited(
      system,
      answers.map((a) => a.answer),
    );
  }, 180_000);

  it('answers a clear error within the timeout when every pooled connection is taken', async () => {
    const sql = database.sql;
    if (!sql) throw new Error('PostgreSQL');
    // Four slow statements hold the pool's four connections; the request's statements queue behind.
    const hogs = Promise.all(Array.from({ length: 4 }, () => sql`select pg_sleep(8)`));
    const answer = await ask();
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ citizen: null });
    expect(answer.errors).toEqual([
      {
        message: 'The population service did not answer within 5000 ms.',
        path: ['citizen'],
        extensions: { code: 'SUBGRAPH_TIMEOUT', serviceName: 'population' },
      },
    ]);
    await hogs;
    expect(complete(await ask())).toBe(true);
  });

  describe('with INSERT on the audit log revoked', () => {
    const role = `${direct.pathname.slice(1)}_no_audit`;
    let withoutAudit: Database;
    let denied: FaultSystem;

    beforeAll(async () => {
      const sql = audit.sql;
      if (!sql) throw new Error('PostgreSQL');
      await sql.unsafe(
        `do $$ begin create role ${role} login; exception when duplicate_object then null; end $$`,
      );
      const schemas = 'population, health_insurance, driving, vehicles, tax, access';
      await sql.unsafe(`grant usage on schema ${schemas} to ${role}`);
      for (const schema of schemas.split(', '))
        await sql.unsafe(`grant select on all tables in schema ${schema} to ${role}`);
      await sql.unsafe(`grant insert on access.audit_log to ${role}`);
      await sql.unsafe(`revoke insert on access.audit_log from ${role}`);
      const asRole = new URL(direct);
      asRole.username = role;
      withoutAudit = openDatabase({ url: asRole.toString(), poolSize: 2 });
      denied = await startFaultSystem({ database: withoutAudit, audit });
    });
    afterAll(async () => {
      await denied?.stop();
      await withoutAudit?.close();
      await audit.sql?.unsafe(`drop owned by ${role}`);
      await audit.sql?.unsafe(`drop role if exists ${role}`);
    });

    it('serves no data, and AUDIT_UNAVAILABLE reaches the client intact', async () => {
      const answer = await denied.ask<Citizen>(QUERY, { id: full.personalId });
      expect(answer.status).toBe(200);
      expect(answer.data).toEqual({ citizen: null });
      expect(answer.errors).toEqual([
        {
          message: 'The access could not be audited, so no data is served.',
          path: ['citizen'],
          extensions: { code: 'AUDIT_UNAVAILABLE', serviceName: 'population' },
        },
      ]);
      expect((await denied.audited([answer.requestId])).size).toBe(0);
    });
  });
});
