import type { DataScope } from './access/scopes.ts';

/** One claim a citizen can put in a share credential: the scope it needs and where it is read. */
export interface ShareField {
  scope: DataScope;
  /** What the citizen's query selects under `citizen(personalId:)`. */
  selection: string;
  value(citizen: Record<string, unknown>): unknown;
}

const at =
  (...path: string[]) =>
  (citizen: Record<string, unknown>): unknown =>
    path.reduce<unknown>((node, key) => (node == null ? null : (node as never)[key]), citizen) ??
    null;

/** The fields a share credential can hold, by the claim name it carries them under. */
export const SHARE_FIELDS: Readonly<Record<string, ShareField>> = {
  fullName: { scope: 'identity', selection: 'fullName', value: at('fullName') },
  dateOfBirth: { scope: 'identity', selection: 'dateOfBirth', value: at('dateOfBirth') },
  sex: { scope: 'identity', selection: 'sex', value: at('sex') },
  nationality: { scope: 'identity', selection: 'nationality', value: at('nationality') },
  permanentAddress: {
    scope: 'residence',
    selection: 'permanentResidence { address }',
    value: at('permanentResidence', 'address'),
  },
  healthInsuranceCardCode: {
    scope: 'health_insurance',
    selection: 'healthInsurance { cardCode }',
    value: at('healthInsurance', 'cardCode'),
  },
  healthInsuranceValidUntil: {
    scope: 'health_insurance',
    selection: 'healthInsurance { validUntil }',
    value: at('healthInsurance', 'validUntil'),
  },
  driverLicenceClasses: {
    scope: 'driving',
    selection: 'driverLicences { class }',
    value: (citizen) =>
      (citizen.driverLicences as { class: string }[] | null)?.map((l) => l.class) ?? null,
  },
};

export const SHARE_FIELD_NAMES = Object.keys(SHARE_FIELDS);

export const isShareField = (name: string): boolean => Object.hasOwn(SHARE_FIELDS, name);

/** The longest a share credential may be valid: it is shown once, at a counter. */
export const MAX_SHARE_MINUTES = 60;
