import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { grantees, shareCredentials } from '../../db/schema/access.ts';
import type { AgencyTables } from '../../db/schema/agencies.ts';
import { badUserInput, codedError } from '../../kernel/errors.ts';
import {
  isShareField,
  MAX_SHARE_MINUTES,
  SHARE_FIELD_NAMES,
  SHARE_FIELDS,
  type ShareField,
} from '../../kernel/shareFields.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import type { PopulationLoaders } from './loaders.ts';
import type {
  MutationResolvers,
  QueryResolvers,
  ShareCredentialResolvers,
} from './resolverTypes.generated.ts';
import type { GranteeRow } from './rows.ts';

type Context = SubgraphContext<PopulationLoaders, AgencyTables<'population'>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every name a known claim, at least one: or UNKNOWN_SHARE_FIELD naming the first that is not. */
export function checkShareFields(fields: string[]): string[] {
  const unknown = fields.find((f) => !isShareField(f));
  if (unknown !== undefined)
    throw codedError('UNKNOWN_SHARE_FIELD', `"${unknown}" is not a field a credential can share`, {
      field: unknown,
      fields: SHARE_FIELD_NAMES,
    });
  if (fields.length === 0)
    throw badUserInput('fields must name at least one field.', { argumentName: 'fields' });
  return [...new Set(fields)];
}

export const shareQueries: QueryResolvers<Context> = {
  shareCredentials: (_, { personalId }, { db }) =>
    db
      .select()
      .from(shareCredentials)
      .where(eq(shareCredentials.personalId, personalId))
      .orderBy(desc(shareCredentials.createdAt)),
};

export const shareMutations: MutationResolvers<Context> = {
  issueShareCredential: async (_, args, { db, access }) => {
    const { caller } = access.identity;
    if (caller.kind !== 'citizen') throw badUserInput('Only a citizen can issue a credential.');
    const fields = checkShareFields(args.fields);
    const validUntil = new Date(args.validUntil);
    const now = Date.now();
    if (Number.isNaN(validUntil.getTime()) || validUntil.getTime() <= now)
      throw badUserInput('validUntil must be a future date-time.', { argumentName: 'validUntil' });
    if (validUntil.getTime() - now > MAX_SHARE_MINUTES * 60_000)
      throw badUserInput(`validUntil is more than ${MAX_SHARE_MINUTES} minutes away.`, {
        argumentName: 'validUntil',
      });
    const [grantee] = await db.select().from(grantees).where(eq(grantees.clientId, args.audience));
    if (!grantee)
      throw codedError('UNKNOWN_AUDIENCE', `"${args.audience}" is not a registered system.`, {
        argumentName: 'audience',
      });
    const [row] = await db
      .insert(shareCredentials)
      .values({
        personalId: args.personalId,
        audience: grantee.clientId,
        fields,
        validFrom: new Date(now),
        validUntil,
        issuedBy: caller.personalId,
      })
      .returning();
    return row ?? null;
  },
  revokeShareCredential: async (_, args, { db }) => {
    if (!UUID.test(args.id))
      throw badUserInput('id is not a credential id.', { argumentName: 'id' });
    const [row] = await db
      .update(shareCredentials)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(shareCredentials.personalId, args.personalId),
          eq(shareCredentials.id, args.id),
          isNull(shareCredentials.revokedAt),
        ),
      )
      .returning();
    if (!row)
      throw badUserInput('No unrevoked credential of this citizen has this id.', {
        argumentName: 'id',
      });
    return row;
  },
  /**
   * Public in the SDL because the rule is the credential's own: its audience, its validity. The
   * read is recorded as allowed by the credential (its id in the record's consent id) per scope.
   */
  presentShareCredential: async (_, args, { db, access }) => {
    const { caller } = access.identity;
    if (caller.kind !== 'third_party')
      throw codedError('FORBIDDEN', 'a share credential is presented by its audience', {
        reason: 'THIRD_PARTY_ONLY',
      });
    const fields = checkShareFields(args.fields);
    const [row] = UUID.test(args.id)
      ? await db
          .select()
          .from(shareCredentials)
          .where(
            and(eq(shareCredentials.personalId, args.personalId), eq(shareCredentials.id, args.id)),
          )
      : [];
    if (!row) throw codedError('CREDENTIAL_UNKNOWN', 'no share credential has this id');
    if (row.audience !== caller.clientId)
      throw codedError('CREDENTIAL_WRONG_AUDIENCE', 'this credential was issued to another system');
    if (row.revokedAt !== null)
      throw codedError('CREDENTIAL_REVOKED', 'the citizen revoked this credential');
    if (row.validUntil.getTime() <= Date.now())
      throw codedError('CREDENTIAL_EXPIRED', 'this credential has expired');
    const notIssued = fields.find((f) => !row.fields.includes(f));
    if (notIssued !== undefined)
      throw codedError('UNKNOWN_SHARE_FIELD', `"${notIssued}" is not in this credential`, {
        field: notIssued,
      });
    const decision = { allowed: true as const, consentId: row.id };
    for (const scope of new Set(fields.map((f) => (SHARE_FIELDS[f] as ShareField).scope)))
      access.record(row.personalId, { scope, level: 1 }, decision);
    return { id: row.id, fields, recordedAt: new Date().toISOString() };
  },
};

export const ShareCredential: ShareCredentialResolvers<Context> = {
  // A credential's audience is checked against grantees when it is issued.
  audience: (row, _, { loaders }) => loaders.grantee.load(row.audience) as Promise<GranteeRow>,
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
