import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import type { Caller } from '../../../kernel/access/caller.ts';
import type { CitizenFacts, ConsentFact } from '../../../kernel/access/decide.ts';
import type { AccountLevel } from '../../../kernel/access/scopes.ts';
import { prepareStatement } from '../adapters/drizzle.ts';

interface FactsRow extends Record<string, unknown> {
  personal_id: string;
  date_of_birth: string;
  level: number | null;
  locked: boolean | null;
  guardians: { personalId: string; relation: CitizenFacts['guardians'][number]['relation'] }[];
  consents: (Omit<ConsentFact, 'validFrom' | 'validUntil' | 'revokedAt'> & {
    validFrom: string;
    validUntil: string;
    revokedAt: string | null;
  })[];
}

const FACTS = sql`/* access-facts */
      select c.personal_id, c.date_of_birth::text as date_of_birth, a.level, a.locked,
        coalesce((select json_agg(json_build_object('personalId', f.guardian_personal_id, 'relation', f.relation))
                  from population.family_links f where f.personal_id = c.personal_id), '[]') as guardians,
        coalesce((select json_agg(json_build_object(
                    'id', k.id, 'granteeClientId', k.grantee_client_id, 'scopes', k.scopes,
                    'purpose', k.purpose, 'validFrom', k.valid_from, 'validUntil', k.valid_until,
                    'revokedAt', k.revoked_at, 'createdViaLevel', k.created_via_level))
                  from access.consents k
                  where k.personal_id = c.personal_id and k.grantee_client_id = ${sql.placeholder('grantee')}), '[]') as consents
      from population.citizens c
      left join population.eid_accounts a on a.personal_id = c.personal_id
      where c.personal_id = any(${sql.placeholder('keys')})`;

/** Prepared once per database handle, whatever the number of requests. */
const statements = new WeakMap<Db, (values: Record<string, unknown>) => Promise<FactsRow[]>>();
function factsStatement(db: Db) {
  let execute = statements.get(db);
  if (!execute) {
    execute = prepareStatement<FactsRow>(db, 'access_facts', FACTS);
    statements.set(db, execute);
  }
  return execute;
}

/**
 * Account, guardians and the consents given to `granteeClientId` for a batch of citizens, in one
 * statement: the only extra query access control costs a subgraph per request.
 */
export function createFactsLoader(db: Db, granteeClientId: string | null) {
  const execute = factsStatement(db);
  return new DataLoader<string, CitizenFacts | null>(async (keys) => {
    const rows = await execute({ grantee: granteeClientId, keys: [...keys] });
    const byId = new Map(rows.map((row) => [row.personal_id, toFacts(row)]));
    return keys.map((key) => byId.get(key) ?? null);
  });
}

/** The facts one decision needs: the subject's and the acting citizen's, each absent if unneeded. */
export interface DecisionFacts {
  subject: Promise<CitizenFacts | null> | null;
  caller: Promise<CitizenFacts | null> | null;
}

const grantee = (caller: Caller) =>
  caller.kind === 'one_stop_shop' || caller.kind === 'third_party' ? caller.clientId : null;
/** Agencies, analysts and auditors are decided on their token alone: no facts to load. */
const needsSubjectFacts = (caller: Caller) =>
  caller.kind === 'citizen' || caller.kind === 'one_stop_shop' || caller.kind === 'third_party';
const actingCitizen = (caller: Caller) =>
  caller.kind === 'citizen' || caller.kind === 'one_stop_shop' ? caller.personalId : null;

/** What a caller decided on its token alone needs: nothing, and no loader to get it. */
const NO_FACTS: DecisionFacts = Object.freeze({ subject: null, caller: null });

/** For one request's caller: the facts a decision about a subject needs, loaded in batches. */
export function createDecisionFacts(
  db: Db,
  caller: Caller,
): (subject: string | null) => DecisionFacts {
  const acting = actingCitizen(caller);
  const forSubjects = needsSubjectFacts(caller);
  if (acting === null && !forSubjects) return () => NO_FACTS;
  const loader = createFactsLoader(db, grantee(caller));
  return (subject: string | null): DecisionFacts => ({
    subject: subject === null || !forSubjects ? null : loader.load(subject),
    caller: acting === null ? null : loader.load(acting),
  });
}

function toFacts(row: FactsRow): CitizenFacts {
  return {
    personalId: row.personal_id,
    dateOfBirth: row.date_of_birth,
    account:
      row.level === null ? null : { level: row.level as AccountLevel, locked: row.locked === true },
    guardians: row.guardians,
    consents: row.consents.map((c) => ({
      ...c,
      validFrom: new Date(c.validFrom),
      validUntil: new Date(c.validUntil),
      revokedAt: c.revokedAt === null ? null : new Date(c.revokedAt),
    })),
  };
}
