/** One GraphiQL tab: a caller kind's typical operation, the token and purpose it needs. */
export interface Example {
  caller: string;
  /** The command that prints a development token for this caller. */
  token: string;
  query: string;
  /** The X-Purpose it declares, if its kind must. */
  purpose?: string;
}

const CITIZEN = `healthInsurance { cardCode validUntil }
    driverLicences { class }
    vehicles { plate brand }
    tax { taxOffice declarations { year taxPaid } }`;

/** Example operations for every kind of caller, about one sample citizen. */
export function examples(personalId: string): Example[] {
  const id = JSON.stringify(personalId);
  return [
    {
      caller: 'agency',
      token:
        'npm run -s token -- agency dev-agency --scopes identity,residence,health_insurance,driving,vehicles,tax',
      query: `query AgencyLookup {\n  citizen(personalId: ${id}) {\n    fullName dateOfBirth\n    ${CITIZEN}\n  }\n}`,
      purpose: 'case-handling',
    },
    {
      caller: 'citizen',
      token: `npm run -s token -- citizen ${personalId} --level 2`,
      query: `query MyData {\n  citizen(personalId: ${id}) {\n    fullName permanentResidence { address }\n    ${CITIZEN}\n  }\n  accessLog(personalId: ${id}, limit: 5) { at callerKind callerId decision reason }\n}`,
    },
    {
      caller: 'third party (a bank, with the citizen’s consent)',
      token: 'npm run -s token -- third-party vietcombank',
      query: `query OpenAccount {\n  citizen(personalId: ${id}) { fullName healthInsurance { validUntil } }\n}`,
      purpose: 'open-account',
    },
    {
      caller: 'one-stop-shop (acting for the citizen)',
      token: `npm run -s token -- one-stop-shop ${personalId}`,
      query: `query Prefill {\n  citizen(personalId: ${id}) { fullName permanentResidence { address } }\n}`,
      purpose: 'form-prefill',
    },
    {
      caller: 'auditor',
      token: 'npm run -s token -- auditor dev-auditor',
      query: `query Audit {\n  accessLog(personalId: ${id}, limit: 20) { at requestId subgraph callerKind callerId decision reason scopes }\n}`,
    },
    {
      caller: 'analyst',
      token: 'npm run -s token -- analyst dev-analyst',
      query: `# An analyst reads no citizen's fields: this answers FORBIDDEN (NO_MANDATE).\nquery Analyst {\n  citizen(personalId: ${id}) { fullName }\n}`,
    },
  ];
}
