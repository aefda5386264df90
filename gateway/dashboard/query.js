// The dashboard's GraphQL queries, in one module that the page and the bench (`npm run
// bench:statistics`) both import, so the bench times exactly what the page sends.

/** The statistics the page shows. */
export const FIELDS = [
  'populationBySexAndAge',
  'insuredByBeneficiaryGroup',
  'licencesByClass',
  'vehiclesByType',
  'registrationsByMonth',
  'taxpayersByIncomeBand',
];

const TOTAL = 'total { count suppressed }';
const CELLS = 'cells { category count suppressed }';

/**
 * What the table and charts read, and nothing more: the provinces' totals, their vehicle types and
 * income bands (the table's Motorbikes, Cars and Not filed columns), and the nation's breakdowns
 * that the charts draw. Every cell of every table would be ~25 times as many cells to federate.
 */
export const DASHBOARD_QUERY = `{ provinces { code name populationBySexAndAge { ${TOTAL} } insuredByBeneficiaryGroup { ${TOTAL} } licencesByClass { ${TOTAL} } vehiclesByType { ${TOTAL} ${CELLS} } taxpayersByIncomeBand { ${TOTAL} ${CELLS} } } nation { code name populationBySexAndAge { ${TOTAL} ${CELLS} } insuredByBeneficiaryGroup { ${TOTAL} } licencesByClass { ${TOTAL} ${CELLS} } vehiclesByType { ${TOTAL} ${CELLS} } registrationsByMonth { ${CELLS} } taxpayersByIncomeBand { ${TOTAL} ${CELLS} } } }`;

/**
 * Private mode asks for the provinces only and sums them for the nation, as the private release
 * itself does: asking for the nation too would be a second release, debited again.
 */
export const privateQuery = (epsilon) => {
  const fields = FIELDS.map(
    (f) =>
      `${f}(privacy: { epsilon: ${epsilon} }) { total { category count suppressed } ${CELLS} privacy { epsilon remainingBudget } }`,
  );
  return `{ provinces { code name ${fields.join(' ')} } nation { code name } }`;
};
