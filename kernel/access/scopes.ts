/** Scopes of citizen data a caller can be granted: by mandate (agencies) or by consent. */
export const DATA_SCOPES = [
  'identity',
  'extended_identity',
  'residence',
  'family',
  'health_insurance',
  'driving',
  'vehicles',
  'tax',
] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

/**
 * Scopes that are never granted to others: a citizen's own consents and who read their data
 * (auditors read the whole log).
 */
export const SELF_SCOPES = ['consents', 'audit'] as const;

/** Aggregates by province, never one citizen's data: analysts, and agencies mandated for it. */
export const STATISTICS_SCOPE = 'statistics';
export type Scope = DataScope | (typeof SELF_SCOPES)[number] | typeof STATISTICS_SCOPE;
/** What an agency's mandate (its token's `scope`) can list. */
export type AgencyScope = DataScope | typeof STATISTICS_SCOPE;

export const isDataScope = (value: string): value is DataScope =>
  (DATA_SCOPES as readonly string[]).includes(value);
export const isAgencyScope = (value: string): value is AgencyScope =>
  isDataScope(value) || value === STATISTICS_SCOPE;
export const isScope = (value: string): value is Scope =>
  isAgencyScope(value) || (SELF_SCOPES as readonly string[]).includes(value);

export type AccountLevel = 1 | 2;
