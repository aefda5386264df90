import { MAX_CITIZENS_PER_QUERY } from '../../kernel/maxCitizensPerQuery.ts';

/**
 * How many items a list field is expected to hold, for the cost limit: a number, or the argument
 * that sets it (its length when it is a list, its value when it is a number) capped at `max`.
 * Every list field of the supergraph has an entry (test/gateway/limits.test.ts checks it): a new
 * field, such as a statistics list, adds its line here.
 */
export type ListSize = number | { argument: string; max: number };

export const LIST_SIZES: Readonly<Record<string, ListSize>> = {
  'Query.citizens': { argument: 'personalIds', max: MAX_CITIZENS_PER_QUERY },
  'Query.grantees': 50,
  'Query.consents': 50,
  'Query.shareCredentials': 50,
  'Query.accessLog': { argument: 'limit', max: 500 }, // the subgraph's MAX_RECORDS
  'Citizen.guardians': 4,
  'Citizen.wards': 10,
  'Citizen.driverLicences': 5,
  'Citizen.vehicles': 5,
  'TaxProfile.declarations': 10,
  'TaxProfile.outstanding': 10,
  'Consent.scopes': 10,
  'ShareCredential.fields': 8, // SHARE_FIELDS
  'SharePresentation.fields': 8,
  'AccessRecord.scopes': 10,
  'Query.provinces': 34, // 63 with former: true, whose statistics are refused
  'Province.formedFrom': 3,
  'Distribution.cells': 24, // most tables; the population pyramid has 42
  'PrefillAnswer.fields': 12, // the longest form in schema/forms
  'PrefilledSubject.fields': 12,
  'BulkPrefillAnswer.subjects': MAX_CITIZENS_PER_QUERY, // the bulk's own cap is the same 500
};

/**
 * Types whose objects cost one each, whatever is selected of them: flat records (scalars and other
 * flat records, no lists) that the forms subgraph builds in memory with their parent. Selecting
 * more of one adds bytes to the answer (capped by GATEWAY_MAX_RESPONSE_BYTES) but no resolver,
 * fetch or fan-out, which is what the cost limit bounds; the operation that reads their values is
 * priced on its own when the forms subgraph runs it. Counted field by field, a 500-subject bulk
 * prefill of the longest form cost 56,513 and the field could not serve the 500 it promises.
 * test/gateway/limits.test.ts keeps them flat.
 */
export const FLAT_RECORDS: ReadonlySet<string> = new Set([
  'PrefilledField',
  'FieldSource',
  'SubjectError',
  'FormDescription',
  'FormRequester',
]);

/** For a list the table does not know (another supergraph, in benchmarks). */
export const DEFAULT_LIST_SIZE = 10;

export function listSize(coordinate: string, args: Record<string, unknown>): number {
  const size = LIST_SIZES[coordinate] ?? DEFAULT_LIST_SIZE;
  if (typeof size === 'number') return size;
  const value = args[size.argument];
  if (Array.isArray(value)) return Math.min(value.length, size.max);
  if (typeof value === 'number') return Math.max(0, Math.min(value, size.max));
  return size.max;
}

/** Arguments some list's size follows: an operation passing one as a variable is priced per request. */
export const SIZING_ARGUMENTS: ReadonlySet<string> = new Set(
  Object.values(LIST_SIZES).flatMap((size) => (typeof size === 'number' ? [] : [size.argument])),
);
