import type { auditLog, consents, grantees, shareCredentials } from '../../db/schema/access.ts';

/** What population's resolvers receive for these types (mapped in schema/resolverTypes.ts). */
export type ConsentRow = typeof consents.$inferSelect;
export type ShareCredentialRow = typeof shareCredentials.$inferSelect;
export type GranteeRow = typeof grantees.$inferSelect;
export type AccessRecordRow = typeof auditLog.$inferSelect;
/** The identity card columns of a citizen's row: a card number may come before its dates. */
export type IdCardRow = { number: string; issuedOn: string | null; expiresOn: string | null };
/** A guardian or ward, before the citizen is loaded. */
export type FamilyLinkRow = { relation: string; personalId: string };
/** A province, a former province or the nation: its code is all a resolver needs. */
export type ProvinceRef = { code: string };
