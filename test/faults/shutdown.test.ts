// SIGTERM to a real `npm start` process in the middle of a request: readiness turns false first,
// the request still completes with its data, its audit record is written, and the process exits 0.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { DATA_SCOPES } from '../../kernel/access/scopes.ts';
import { loadOrCreateDevKeys, signDevToken } from '../../kernel/devKeys.ts';

const url = inject('testDatabaseUrl');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const POPULATION = 600;

const free = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

/**
 * A gateway port with the next five free too (`npm start` puts the subgraphs there), below Linux's
 * ephemeral range (32768–60999), where an outgoing connection could take one before it is bound.
 */
async function freePorts(): Promise<number> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const all = await Promise.all([0, 1, 2, 3, 4, 5].map((k) => free(base + k)));
    if (all.every(Boolean)) return base;
  }
}

describe.skipIf(!url)('graceful shutdown', () => {
  // Vitest collects a skipped suite too: without a database this URL is never used.
  const databaseUrl = new URL(url ?? 'postgres://skipped');
  databaseUrl.pathname = `${databaseUrl.pathname}_shutdown`;
  const name = databaseUrl.pathname.slice(1);
  const admin = postgres(url as string, { max: 1, onnotice: () => {} });
  let db: postgres.Sql;
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let gateway: string;

  beforeAll(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    db = postgres(databaseUrl.toString(), { max: 2, onnotice: () => {} });
    const port = await freePorts();
    // node itself rather than the tsx CLI, which relays signals through a wrapper process.
    child = spawn(process.execPath, ['--import', 'tsx', 'deploy/local/start.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl.toString(),
        SEED_COUNT: String(POPULATION),
        PORT: String(port),
        DATABASE_POOL_SIZE: '4',
        SUBGRAPH_TIMEOUT_MS: '20000',
        SHUTDOWN_DELAY_MS: '1500',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    gateway = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const up = /Citizen Graph is up: (\S+)/.exec(out);
        if (up?.[1]) resolve(up[1]);
      });
      child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${out}`)));
    });
  }, 300_000);
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await db?.end();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('finishes the request in flight, writes its audit record, and exits 0', async () => {
    const subject = samplePersonalIds(POPULATION)[0]?.personalId as string;
    const keys = await loadOrCreateDevKeys();
    const token = await signDevToken(keys, {
      sub: 'shutdown-test',
      cg_kind: 'agency',
      scope: DATA_SCOPES.join(' '),
    });
    const origin = new URL(gateway).origin;
    expect((await fetch(`${origin}/health/ready`)).status).toBe(200);

    // Holding a lock that audit inserts wait for keeps the request in flight as long as the test likes.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const transaction = db.begin(async (tx) => {
      await tx`lock table access.audit_log in share mode`;
      locked();
      await held;
    });
    await lockTaken;
    const requestId = `shutdown-${Date.now()}`;
    const inFlight = fetch(gateway, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-purpose': 'shutdown-test',
        'x-request-id': requestId,
      },
      body: JSON.stringify({
        query: `query ($id: ID!) { citizen(personalId: $id) { fullName } }`,
        variables: { id: subject },
      }),
    });
    await expect
      .poll(
        async () =>
          (
            await admin.unsafe(
              `select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database
               where d.datname = '${name}' and not l.granted`,
            )
          )[0]?.n,
        { timeout: 20_000, interval: 50 },
      )
      .toBeGreaterThan(0);

    child.kill('SIGTERM');
    try {
      await expect
        .poll(async () => (await fetch(`${origin}/health/ready`)).status, { interval: 50 })
        .toBe(503);
    } finally {
      release();
      await transaction;
    }

    const response = await inFlight;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { citizen: { fullName: string } } };
    expect(body.data.citizen.fullName).toEqual(expect.any(String));
    expect(await exited).toBe(0);
    const audited =
      await db`select distinct subgraph from access.audit_log where request_id = ${requestId}`;
    expect(audited.map((r) => r.subgraph)).toEqual(['population']);
  });
});
