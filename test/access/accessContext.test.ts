// One request's access context: each (subject, scope, level) decided once and memoised, its
// records written in waves while the data is read, and an answer that waits for every write.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { generateCitizen } from '../../db/seed/generate.ts';
import type { Caller } from '../../kernel/access/caller.ts';
import { DATA_SCOPES } from '../../kernel/access/scopes.ts';
import { createAccessContext } from '../../subgraphs/shared/access/accessContext.ts';
import type { AuditRecord, WriteAudit } from '../../subgraphs/shared/access/auditWriter.ts';
import { TEST_POPULATION } from '../support/backends.ts';

const AGENCY: Caller = { kind: 'agency', clientId: 'test-agency', scopes: [...DATA_SCOPES] };

describe('the access context', () => {
  let database: Database;
  beforeAll(() => {
    // An agency is decided on its token alone, so no table is read and none need exist.
    database = openDatabase();
  });
  afterAll(() => database?.close());

  const context = (writeAudit: WriteAudit, caller: Caller = AGENCY) =>
    createAccessContext(database.drizzle(), writeAudit, 'test', {
      caller,
      purpose: 'integration-test',
      requestId: randomUUID(),
    });
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  const subject = generateCitizen(1, TEST_POPULATION).citizen.personalId;

  it('starts writing a wave of decisions before the answer is ready, and the answer waits for it', async () => {
    const written: AuditRecord[][] = [];
    let release = () => {};
    const stored = new Promise<void>((resolve) => {
      release = resolve;
    });
    const access = context(async (records) => {
      written.push(records);
      await stored;
    });
    await Promise.all([
      access.check(subject, { scope: 'identity', level: 1 }),
      access.check(subject, { scope: 'residence', level: 1 }),
    ]);
    await nextTurn();
    expect(written.map((w) => w.map((r) => r.scopes))).toEqual([[['identity', 'residence']]]);

    let flushed = false;
    const flush = access.flushAudit().then(() => {
      flushed = true;
    });
    await nextTurn();
    expect(flushed).toBe(false);
    release();
    await flush;
    expect(flushed).toBe(true);
    expect(written).toHaveLength(1);
  });

  it('decides a caller known by its token at once, per citizen, scope and level', async () => {
    const access = context(async () => {}, {
      kind: 'agency',
      clientId: 'test-agency',
      scopes: ['identity'],
    });
    const other = generateCitizen(2, TEST_POPULATION).citizen.personalId;
    access.anticipate(subject, { scope: 'identity', level: 1 });
    access.anticipate(subject, { scope: 'residence', level: 1 });
    expect(access.decided(subject, { scope: 'identity', level: 1 })).toEqual({
      allowed: true,
      consentId: null,
    });
    expect(access.decided(subject, { scope: 'residence', level: 1 })).toEqual({
      allowed: false,
      reason: 'NO_MANDATE',
    });
    expect(access.decided(subject, { scope: 'identity', level: 2 })).toBeUndefined();
    expect(access.decided(other, { scope: 'identity', level: 1 })).toBeUndefined();
    expect(await access.check(subject, { scope: 'residence', level: 1 })).toBe(
      access.decided(subject, { scope: 'residence', level: 1 }),
    );
    await access.flushAudit();
  });

  it('fails the answer when a write started early failed', async () => {
    const access = context(async () => {
      throw new Error('audit log unavailable');
    });
    await access.check(subject, { scope: 'identity', level: 1 });
    await nextTurn();
    await expect(access.flushAudit()).rejects.toThrow('audit log unavailable');
  });
});
