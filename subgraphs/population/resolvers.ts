import type { AgencyTables } from '../../db/schema/agencies.ts';
import { badUserInput } from '../../kernel/errors.ts';
import { MAX_CITIZENS_PER_QUERY } from '../../kernel/maxCitizensPerQuery.ts';
import { requirePersonalId } from '../shared/personalIdInput.ts';
import type { ResolverMap } from '../shared/resolverMap.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import { updatedAt } from '../shared/updatedAt.ts';
import { AccessRecord, auditQueries } from './auditResolvers.ts';
import { AccessScope, Consent, consentMutations, consentQueries } from './consentResolvers.ts';
import type { CitizenRow, PopulationLoaders } from './loaders.ts';
import { Province, provinceQueries } from './provinceResolvers.ts';
import { ShareCredential, shareMutations, shareQueries } from './shareResolvers.ts';

type Context = SubgraphContext<PopulationLoaders, AgencyTables<'population'>>;
type Link = { relation: string; personalId: string };

/** The residence of a kind in force today: not ended, or ending in the future. */
const current = (row: CitizenRow, kind: 'PERMANENT' | 'TEMPORARY') => {
  const today = new Date().toISOString().slice(0, 10);
  return (
    row.residences
      .filter((r) => r.kind === kind && (r.endedOn === null || r.endedOn >= today))
      .sort((a, b) => b.registeredOn.localeCompare(a.registeredOn))[0] ?? null
  );
};

export const resolvers: ResolverMap<Context> = {
  Query: {
    citizen: (_: unknown, args: { personalId: string }, { loaders }: Context) =>
      loaders.citizen.load(requirePersonalId(args.personalId, 'personalId')),
    citizens: (_: unknown, args: { personalIds: string[] }, { loaders }: Context) => {
      if (args.personalIds.length > MAX_CITIZENS_PER_QUERY) {
        throw badUserInput(
          `personalIds holds ${args.personalIds.length} numbers, at most ${MAX_CITIZENS_PER_QUERY} are allowed`,
          { argumentName: 'personalIds' },
        );
      }
      const ids = args.personalIds.map((id, k) => requirePersonalId(id, `personalIds[${k}]`));
      return loaders.citizen.loadMany(ids);
    },
    ...consentQueries,
    ...auditQueries,
    ...provinceQueries,
    ...shareQueries,
  },
  Mutation: { ...consentMutations, ...shareMutations },
  AccessScope,
  Consent,
  ShareCredential,
  AccessRecord,
  Province,
  Citizen: {
    __resolveReference: (ref: { personalId: string }, { loaders }: Context) =>
      loaders.citizen.load(ref.personalId),
    idCard: (row: CitizenRow) =>
      row.idCardNumber === null
        ? null
        : {
            number: row.idCardNumber,
            issuedOn: row.idCardIssuedOn,
            expiresOn: row.idCardExpiresOn,
          },
    deceased: (row: CitizenRow) => row.deceasedOn !== null,
    permanentResidence: (row: CitizenRow) => current(row, 'PERMANENT'),
    temporaryResidence: (row: CitizenRow) => current(row, 'TEMPORARY'),
    updatedAt,
    guardians: (row: CitizenRow): Link[] =>
      row.guardians.map((l) => ({ relation: l.relation, personalId: l.guardianPersonalId })),
    wards: (row: CitizenRow): Link[] =>
      row.wards.map((l) => ({ relation: l.relation, personalId: l.personalId })),
  },
  Residence: { updatedAt },
  EidAccount: {
    // The same instant prints differently per driver and per nesting; serve one format.
    registeredAt: (account: { registeredAt: string }) =>
      new Date(account.registeredAt).toISOString(),
  },
  FamilyLink: {
    citizen: (link: Link, _: unknown, { loaders }: Context) =>
      loaders.citizen.load(link.personalId),
  },
};
