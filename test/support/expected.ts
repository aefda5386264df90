import { type CitizenRecord, generateCitizen } from '../../db/seed/generate.ts';
import { TEST_POPULATION } from './backends.ts';

/** The query the end-to-end tests ask of a citizen: every agency, most fields. */
export const CITIZEN_FIELDS = `
  personalId fullName dateOfBirth sex nationality ethnicity religion placeOfOrigin deceased deceasedOn updatedAt
  idCard { number issuedOn expiresOn }
  permanentResidence { kind address communeCode provinceCode registeredOn endedOn updatedAt }
  temporaryResidence { kind address communeCode provinceCode registeredOn endedOn updatedAt }
  guardians { relation citizen { personalId } }
  eidAccount { level locked registeredAt }
  healthInsurance {
    socialInsuranceNumber cardCode beneficiaryGroup benefitLevel provinceCode
    primaryCareFacility { code name } validFrom validUntil continuousSince updatedAt
  }
  driverLicences { number class issuedOn expiresOn issuingAuthority status pointsLeft updatedAt }
  vehicles { plate type brand model colour chassisNumber engineNumber registeredOn status updatedAt }
  tax { taxCode taxOffice status registeredOn updatedAt totalOutstanding declarations { year income taxPaid } outstanding { kind period amount dueOn } }
`;

/** What the gateway must answer for citizen `index`, built from the generator alone. */
export function expectedCitizen(index: number, count = TEST_POPULATION) {
  const r: CitizenRecord = generateCitizen(index, count);
  const c = r.citizen;
  const residence = (kind: 'PERMANENT' | 'TEMPORARY') => {
    const found = r.residences.find((x) => x.kind === kind);
    if (!found) return null;
    const { personalId: _p, ...rest } = found;
    return { ...rest, endedOn: rest.endedOn ?? null };
  };
  return {
    personalId: c.personalId,
    fullName: c.fullName,
    dateOfBirth: c.dateOfBirth,
    sex: c.sex,
    nationality: c.nationality,
    ethnicity: c.ethnicity,
    religion: c.religion,
    placeOfOrigin: c.placeOfOrigin,
    deceased: c.deceasedOn != null,
    deceasedOn: c.deceasedOn ?? null,
    updatedAt: c.updatedAt,
    idCard: c.idCardNumber
      ? { number: c.idCardNumber, issuedOn: c.idCardIssuedOn, expiresOn: c.idCardExpiresOn ?? null }
      : null,
    permanentResidence: residence('PERMANENT'),
    temporaryResidence: residence('TEMPORARY'),
    guardians: r.familyLinks.map((l) => ({
      relation: l.relation,
      citizen: { personalId: l.guardianPersonalId },
    })),
    eidAccount: r.eidAccount
      ? {
          level: r.eidAccount.level,
          locked: r.eidAccount.locked,
          registeredAt: new Date(r.eidAccount.registeredAt).toISOString(),
        }
      : null,
    healthInsurance: r.card
      ? {
          socialInsuranceNumber: r.card.socialInsuranceNumber,
          cardCode: `${r.card.beneficiaryGroup}${r.card.benefitLevel}${r.card.provinceCode}${r.card.socialInsuranceNumber}`,
          beneficiaryGroup: r.card.beneficiaryGroup,
          benefitLevel: r.card.benefitLevel,
          provinceCode: r.card.provinceCode,
          primaryCareFacility: { code: r.card.facilityCode, name: r.card.facilityName },
          validFrom: r.card.validFrom,
          validUntil: r.card.validUntil,
          continuousSince: r.card.continuousSince,
          updatedAt: r.card.updatedAt,
        }
      : null,
    driverLicences: [...r.licences]
      .sort((a, b) => b.issuedOn.localeCompare(a.issuedOn))
      .map((l) => ({
        number: l.licenceNumber,
        class: l.class,
        issuedOn: l.issuedOn,
        expiresOn: l.expiresOn ?? null,
        issuingAuthority: l.issuingAuthority,
        status: l.status,
        pointsLeft: l.pointsLeft,
        updatedAt: l.updatedAt,
      })),
    vehicles: [...r.registrations]
      .sort((a, b) => a.registeredOn.localeCompare(b.registeredOn))
      .map(({ personalId: _p, vehicleType, ...v }) => ({ ...v, type: vehicleType })),
    tax: r.taxpayer
      ? {
          taxCode: c.personalId,
          taxOffice: r.taxpayer.taxOffice,
          status: r.taxpayer.status,
          registeredOn: r.taxpayer.registeredOn,
          updatedAt: r.taxpayer.updatedAt,
          totalOutstanding: r.outstanding.reduce((s, o) => s + o.amount, 0),
          declarations: [...r.declarations]
            .sort((a, b) => b.year - a.year)
            .map(({ personalId: _p, ...d }) => d),
          outstanding: r.outstanding.map(({ personalId: _p, ...o }) => o),
        }
      : null,
  };
}
