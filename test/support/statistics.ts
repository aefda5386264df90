/** Every published statistic, grouped by family: the tables of a family share their totals. */
export const STATISTIC_FAMILIES: Record<string, string[]> = {
  residents: ['populationBySexAndAge', 'residence', 'eidAccounts'],
  insured: ['insuredByBeneficiaryGroup'],
  licences: ['licencesByClass', 'licencesByStatus'],
  licencesExpiring: ['licencesExpiringByMonth'],
  vehicles: ['vehiclesByType', 'vehiclesByRegistrationYear'],
  registrations: ['registrationsByMonth'],
  taxpayers: ['taxpayersByStatus', 'taxpayersByIncomeBand'],
};
export const STATISTICS = Object.values(STATISTIC_FAMILIES).flat();

export interface Cell {
  category: string;
  count: number | null;
  suppressed: boolean;
}
export interface Distribution {
  total: Cell;
  cells: Cell[];
}
export type Area = { code: string; name: string } & Record<string, Distribution>;

const selection = STATISTICS.map(
  (s) => `${s} { total { category count suppressed } cells { category count suppressed } }`,
).join(' ');

/** One federated query: every statistic of every province in force and of the nation. */
export const ALL_STATISTICS_QUERY = `{ provinces { code name ${selection} } nation { code name ${selection} } }`;

/**
 * The equations a published table offers an attacker: each area's cells add up to its total, each
 * category's province cells add up to the nation's, and the province totals to the nation's.
 */
export function publishedEquations(provinces: Area[], nation: Area, table: string): Cell[][] {
  const equations: Cell[][] = [];
  for (const area of [...provinces, nation]) {
    const row = area[table] as Distribution;
    equations.push([...row.cells, row.total]);
  }
  const categories = (nation[table] as Distribution).cells.map((c) => c.category);
  categories.forEach((_, k) => {
    equations.push([...provinces, nation].map((a) => (a[table] as Distribution).cells[k] as Cell));
  });
  equations.push([...provinces, nation].map((a) => (a[table] as Distribution).total));
  return equations;
}
