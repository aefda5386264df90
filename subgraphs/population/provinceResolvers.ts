import {
  CURRENT_PROVINCES,
  currentProvinceByCode,
  PROVINCES,
  predecessorsOf,
  provinceByCode,
} from '../../db/domain/provinces.ts';
import { provinceStatistics } from '../shared/statistics/provinceStatistics.ts';
import { NATION } from '../shared/statistics/tables.ts';
import type { ProvinceResolvers, QueryResolvers } from './resolverTypes.generated.ts';
import type { ProvinceRef } from './rows.ts';
import { residentsFamily } from './statistics.ts';

const known = (code: string) =>
  code === NATION ||
  currentProvinceByCode(code) !== undefined ||
  provinceByCode(code) !== undefined;
const ref = (code: string): ProvinceRef | null => (known(code) ? { code } : null);

export const provinceQueries: QueryResolvers = {
  provinces: (_, args): ProvinceRef[] =>
    (args.former ? PROVINCES : CURRENT_PROVINCES).map((p) => ({ code: p.code })),
  province: (_, args) => ref(args.code),
  nation: (): ProvinceRef => ({ code: NATION }),
};

export const Province: ProvinceResolvers = {
  __resolveReference: (province) => ref(province.code),
  // Only known codes become a ProvinceRef (ref above): one of the two has its name.
  name: ({ code }) =>
    code === NATION
      ? 'Việt Nam'
      : ((currentProvinceByCode(code)?.name ?? provinceByCode(code)?.name) as string),
  kind: ({ code }) =>
    code === NATION ? 'NATION' : currentProvinceByCode(code) ? 'PROVINCE' : 'FORMER_PROVINCE',
  mergedInto: ({ code }) => {
    const successor = provinceByCode(code)?.mergedInto;
    return successor ? { code: successor } : null;
  },
  formedFrom: ({ code }) => predecessorsOf(code).map((p) => ({ code: p.code })),
  ...provinceStatistics([residentsFamily]),
};
