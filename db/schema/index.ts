export * as access from './access.ts';
export * as driving from './driving.ts';
export * as healthInsurance from './health_insurance.ts';
export * as population from './population.ts';
export * as statistics from './statistics.ts';
export * as tax from './tax.ts';
export * as vehicles from './vehicles.ts';
