import type { AgencyTables } from '../../db/schema/agencies.ts';
import { badUserInput } from '../../kernel/errors.ts';
import { MAX_CITIZENS_PER_QUERY } from '../../kernel/maxCitizensPerQuery.ts';
import { requirePersonalId } from '../shared/personalIdInput.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import { updatedAt } from '../shared/updatedAt.ts';
import { AccessRecord, auditQueries } from './auditResolvers.ts';
import { AccessScope, Consent, consentMutations, consentQueries } from './consentResolvers.ts';
import { currentResidence } from './currentResidence.ts';
import type { CitizenRow, PopulationLoaders } from './loaders.ts';
import { Province, provinceQueries } from './provinceResolvers.ts';
import type { Resolvers } from './resolverTypes.generated.ts';
import type { FamilyLinkRow } from './rows.ts';
import { ShareCredential, shareMutations, shareQueries } from './shareResolvers.ts';

type Context = SubgraphContext<PopulationLoaders, AgencyTables<'population'>>;

export const resolvers: Resolvers<Context> = {
  Query: {
    citizen: (_, args, { loaders }) =>
      loaders.citizen.load(requirePersonalId(args.personalId, 'personalId')),
    citizens: (_, args, { loaders }) => {
      if (args.personalIds.length > MAX_CITIZENS_PER_QUERY) {
        throw badUserInput(
          `personalIds holds ${args.personalIds.length} numbers, at most ${MAX_CITIZENS_PER_QUERY} are allowed`,
          { argumentName: 'personalIds' },
        );
      }
      const ids = args.personalIds.map((id, k) => requirePersonalId(id, `personalIds[${k}]`));
      // A loader's error for one number becomes that item's error, as GraphQL does for any value.
      return loaders.citizen.loadMany(ids) as Promise<(CitizenRow | null)[]>;
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
    __resolveReference: (ref, { loaders }) => loaders.citizen.load(ref.personalId),
    idCard: (row) =>
      row.idCardNumber === null
        ? null
        : {
            number: row.idCardNumber,
            issuedOn: row.idCardIssuedOn,
            expiresOn: row.idCardExpiresOn,
          },
    deceased: (row) => row.deceasedOn !== null,
    permanentResidence: (row) => currentResidence(row.residences, 'PERMANENT'),
    temporaryResidence: (row) => currentResidence(row.residences, 'TEMPORARY'),
    updatedAt,
    guardians: (row): FamilyLinkRow[] =>
      row.guardians.map((l) => ({ relation: l.relation, personalId: l.guardianPersonalId })),
    wards: (row): FamilyLinkRow[] =>
      row.wards.map((l) => ({ relation: l.relation, personalId: l.personalId })),
  },
  Residence: { updatedAt },
  EidAccount: {
    // The same instant prints differently per driver and per nesting; serve one format.
    registeredAt: (account) => new Date(account.registeredAt).toISOString(),
  },
  FamilyLink: {
    citizen: (link, _, { loaders }) => loaders.citizen.load(link.personalId),
  },
};
