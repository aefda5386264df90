// Migration 0005 chains the records written before it, and new records continue those chains.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAllChains } from '../../db/audit/verify.ts';
import type { Db } from '../../db/client.ts';
import * as schema from '../../db/schema/index.ts';
import { auditWriter } from '../../subgraphs/shared/access/auditWriter.ts';

const MIGRATIONS = fileURLToPath(new URL('../../db/migrations', import.meta.url));

/** The migrations folder as it was before the chain: journal entries up to 0004. */
function migrationsBeforeChain(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cg-migrations-'));
  cpSync(MIGRATIONS, dir, { recursive: true });
  const journalFile = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as {
    entries: { tag: string }[];
  };
  const at = journal.entries.findIndex((e) => e.tag === '0005_audit_hash_chain');
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalFile, JSON.stringify(journal));
  return dir;
}

describe('migration 0005 on an audit log that already has records', () => {
  const before = migrationsBeforeChain();
  const client = new PGlite();
  afterAll(async () => {
    await client.close();
    rmSync(before, { recursive: true, force: true });
  });

  it('chains them per subgraph in time order, and new records continue the chains', async () => {
    const db = drizzle(client, { schema: { ...schema.access } });
    await migrate(db, { migrationsFolder: before });
    await db.execute(sql`insert into access.audit_log (request_id, subgraph, caller_kind,
        caller_id, actor, subject, scopes, purpose, consent_id, decision, reason)
      select 'old-' || g, (array['tax', 'population'])[1 + g % 2], 'agency', 'tax-office',
        case when g % 3 = 0 then 'Trần Thị B' end, '001234567890',
        case when g % 4 = 0 then '{}'::text[] else '{identity,tax}' end, 'inspection',
        case when g % 5 = 0 then gen_random_uuid() end, 'ALLOW', null
      from generate_series(1, 50) g`);

    await migrate(db, { migrationsFolder: MIGRATIONS });
    const chained = await db.execute(sql`select subgraph, count(*)::int as n,
        bool_and(chain = subgraph) as "ownChain", min(seq)::int as first, max(seq)::int as last
      from access.audit_log group by subgraph order by subgraph`);
    expect(chained.rows).toEqual([
      { subgraph: 'population', n: 25, ownChain: true, first: 1, last: 25 },
      { subgraph: 'tax', n: 25, ownChain: true, first: 1, last: 25 },
    ]);
    expect(await verifyAllChains(db as unknown as Db)).toEqual([
      { chain: 'population', records: 25 },
      { chain: 'tax', records: 25 },
    ]);

    await auditWriter(db as unknown as Db)([
      {
        requestId: 'new',
        subgraph: 'tax',
        callerKind: 'citizen',
        callerId: '001234567890',
        scopes: ['tax'],
        decision: 'ALLOW',
      },
    ]);
    expect(await verifyAllChains(db as unknown as Db)).toEqual([
      { chain: 'population', records: 25 },
      { chain: 'tax', records: 26 },
    ]);
  }, 240_000);
});
