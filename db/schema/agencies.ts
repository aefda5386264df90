import * as access from './access.ts';
import * as driving from './driving.ts';
import * as healthInsurance from './health_insurance.ts';
import * as population from './population.ts';
import * as tax from './tax.ts';
import * as vehicles from './vehicles.ts';

/**
 * The tables each agency's subgraph builds its drizzle database with: its own, and for population
 * the access schema whose consents, grantees and log it serves. Reading another agency's tables
 * takes a change here, where it shows. (Every subgraph's access control also reads accounts, family
 * links and consents, and writes the audit log: subgraphs/shared/access/, in SQL of its own.)
 */
export const agencyTables = {
  population: { ...population, ...access },
  health_insurance: healthInsurance,
  driving,
  vehicles,
  tax,
};

export type AgencyName = keyof typeof agencyTables;
export type AgencyTables<N extends AgencyName> = (typeof agencyTables)[N];
