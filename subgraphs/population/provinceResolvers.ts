import {
  CURRENT_PROVINCES,
  currentProvinceByCode,
  PROVINCES,
  predecessorsOf,
  provinceByCode,
} from '../../db/domain/provinces.ts';
import { provinceStatistics } from '../shared/statistics/provinceStatistics.ts';
import { NATION } from '../shared/statistics/tables.ts';
import { residentsFamily } from './statistics.ts';

type ProvinceRef = { code: string };

const known = (code: string) =>
  code === NATION ||
  currentProvinceByCode(code) !== undefined ||
  provinceByCode(code) !== undefined;
const ref = (code: string): ProvinceRef | null => (known(code) ? { code } : null);

export const provinceQueries = {
  provinces: (_: unknown, args: { former?: boolean | null }): ProvinceRef[] =>
    (args.former ? PROVINCES : CURRENT_PROVINCES).map((p) => ({ code: p.code })),
  province: (_: unknown, args: { code: string }) => ref(args.code),
  nation: (): ProvinceRef => ({ code: NATION }),
};

export const Province = {
  __resolveReference: (province: ProvinceRef) => ref(province.code),
  name: ({ code }: ProvinceRef) =>
    code === NATION
      ? 'Việt Nam'
      : (currentProvinceByCode(code)?.name ?? provinceByCode(code)?.name),
  kind: ({ code }: ProvinceRef) =>
    code === NATION ? 'NATION' : currentProvinceByCode(code) ? 'PROVINCE' : 'FORMER_PROVINCE',
  mergedInto: ({ code }: ProvinceRef) => {
    const successor = provinceByCode(code)?.mergedInto;
    return successor ? { code: successor } : null;
  },
  formedFrom: ({ code }: ProvinceRef) => predecessorsOf(code).map((p) => ({ code: p.code })),
  ...provinceStatistics([residentsFamily]),
};
