import { desc, eq } from 'drizzle-orm';
import { auditLog } from '../../db/schema/access.ts';
import type { AgencyTables } from '../../db/schema/agencies.ts';
import type { SubgraphContext } from '../shared/subgraphServer.ts';
import type { PopulationLoaders } from './loaders.ts';
import type { AccessRecordResolvers, QueryResolvers } from './resolverTypes.generated.ts';

type Context = SubgraphContext<PopulationLoaders, AgencyTables<'population'>>;
const MAX_RECORDS = 500;

export const auditQueries: QueryResolvers<Context> = {
  accessLog: (_, args, { db }) => {
    const query = db.select().from(auditLog);
    const filtered = args.personalId ? query.where(eq(auditLog.subject, args.personalId)) : query;
    return filtered
      .orderBy(desc(auditLog.at))
      .limit(Math.max(1, Math.min(args.limit, MAX_RECORDS)));
  },
};

export const AccessRecord: AccessRecordResolvers<Context> = {
  at: (row) => row.at.toISOString(),
};
