import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { consents, grantees } from '../../db/schema/access.ts';
import type { AgencyTables } from '../../db/schema/agencies.ts';
import { isPurpose, PURPOSE_RULE } from '../../kernel/access/purpose.ts';
import { DATA_SCOPES } from '../../kernel/access/scopes.ts';
import { badUserInput } from '../../kernel/errors.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import type { PopulationLoaders } from './loaders.ts';
import type {
  AccessScopeResolvers,
  ConsentResolvers,
  MutationResolvers,
  QueryResolvers,
} from './resolverTypes.generated.ts';
import type { GranteeRow } from './rows.ts';

type Context = SubgraphContext<PopulationLoaders, AgencyTables<'population'>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_VALIDITY_MS = 5 * 365 * 86_400_000;

/** GraphQL's AccessScope values map to the scopes the rules use. */
export const AccessScope = Object.fromEntries(
  DATA_SCOPES.map((s) => [s.toUpperCase(), s]),
) as AccessScopeResolvers;

export const consentQueries: QueryResolvers<Context> = {
  grantees: (_, __, { db }) => db.select().from(grantees).orderBy(grantees.clientId),
  consents: (_, { personalId }, { db }) =>
    db
      .select()
      .from(consents)
      .where(eq(consents.personalId, personalId))
      .orderBy(desc(consents.createdAt)),
};

export const consentMutations: MutationResolvers<Context> = {
  grantConsent: async (_, args, { db, access }) => {
    const { caller } = access.identity;
    if (caller.kind !== 'citizen') throw badUserInput('Only a citizen can grant consent.');
    if (args.scopes.length === 0)
      throw badUserInput('scopes must name at least one scope.', { argumentName: 'scopes' });
    if (!isPurpose(args.purpose)) {
      throw badUserInput(`purpose must be ${PURPOSE_RULE}.`, { argumentName: 'purpose' });
    }
    const validUntil = new Date(args.validUntil);
    const now = Date.now();
    if (Number.isNaN(validUntil.getTime()))
      throw badUserInput('validUntil is not a date-time.', { argumentName: 'validUntil' });
    if (validUntil.getTime() <= now)
      throw badUserInput('validUntil is in the past.', { argumentName: 'validUntil' });
    if (validUntil.getTime() - now > MAX_VALIDITY_MS) {
      throw badUserInput('validUntil is more than 5 years away.', { argumentName: 'validUntil' });
    }
    const [grantee] = await db.select().from(grantees).where(eq(grantees.clientId, args.grantee));
    if (!grantee)
      throw badUserInput(`grantee "${args.grantee}" is not a registered system.`, {
        argumentName: 'grantee',
      });
    const [row] = await db
      .insert(consents)
      .values({
        personalId: args.personalId,
        granteeClientId: grantee.clientId,
        scopes: [...new Set(args.scopes)],
        purpose: args.purpose,
        validFrom: new Date(now),
        validUntil,
        grantedBy: caller.personalId,
        createdViaLevel: caller.level,
      })
      .returning();
    return row ?? null;
  },
  revokeConsent: async (_, args, { db }) => {
    if (!UUID.test(args.consentId))
      throw badUserInput('consentId is not a consent id.', { argumentName: 'consentId' });
    const [row] = await db
      .update(consents)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(consents.personalId, args.personalId),
          eq(consents.id, args.consentId),
          isNull(consents.revokedAt),
        ),
      )
      .returning();
    if (!row)
      throw badUserInput('No active consent of this citizen has this id.', {
        argumentName: 'consentId',
      });
    return row;
  },
};

export const Consent: ConsentResolvers<Context> = {
  // A consent's grantee is a foreign key to grantees: it is always there.
  grantee: (row, _, { loaders }) =>
    loaders.grantee.load(row.granteeClientId) as Promise<GranteeRow>,
  validFrom: (row) => row.validFrom.toISOString(),
  validUntil: (row) => row.validUntil.toISOString(),
  revokedAt: (row) => row.revokedAt?.toISOString() ?? null,
  status: (row) =>
    row.revokedAt !== null
      ? 'REVOKED'
      : row.validUntil.getTime() <= Date.now()
        ? 'EXPIRED'
        : 'ACTIVE',
};
