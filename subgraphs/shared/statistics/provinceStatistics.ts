import { currentProvinceByCode, provinceByCode } from '../../../db/domain/provinces.ts';
import { badUserInput, codedError } from '../../../kernel/errors.ts';
import { type FamilyDefinition, familyFor } from './familyTables.ts';
import { privateTable, type StatisticArgs, type StatisticsContext } from './privateStatistics.ts';
import { type Distribution, NATION } from './tables.ts';

export type { FamilyDefinition, TableDefinition } from './familyTables.ts';

/** Only the nation and the provinces in force are published: see docs/PRIVACY.md. */
export function checkArea(code: string): void {
  if (code === NATION || currentProvinceByCode(code)) return;
  if (provinceByCode(code)) {
    throw codedError(
      'STATISTICS_NOT_PUBLISHED',
      `Province ${code} merged on 1 July 2025: statistics are published for the 34 provinces in force and the nation only.`,
      { provinceCode: code },
    );
  }
  throw badUserInput(`No province has the code "${code}".`, { provinceCode: code });
}

/** `Province` field resolvers for every table of the families. */
export function provinceStatistics(families: readonly FamilyDefinition[]) {
  const fields: Record<
    string,
    (
      province: { code: string },
      args: StatisticArgs,
      ctx: StatisticsContext,
    ) => Promise<Distribution>
  > = {};
  for (const family of families) {
    for (const table of family.tables) {
      fields[table.name] = async (province, args, ctx) => {
        checkArea(province.code);
        if (args.privacy) {
          const release = await privateTable(ctx, family, table, args.privacy.epsilon);
          return release.get(province.code) as Distribution;
        }
        const tables = await familyFor(ctx.db, family);
        return tables.published.get(table.name)?.get(province.code) as Distribution;
      };
    }
  }
  return fields;
}
