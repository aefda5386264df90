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
export type Scope = DataScope | (typeof SELF_SCOPES)[number];

export const isDataScope = (value: string): value is DataScope =>
  (DATA_SCOPES as readonly string[]).includes(value);
export const isScope = (value: string): value is Scope =>
  isDataScope(value) || (SELF_SCOPES as readonly string[]).includes(value);

export type AccountLevel = 1 | 2;
