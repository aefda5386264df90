// A typed client for an agency's system: the operation lives in a .graphql file, its result and
// variable types are generated from it and the supergraph (`npm run compose`), and nothing here is
// typed by hand. Run it against a started system:
//   TOKEN=$(npm run -s token -- agency bhxh --scopes identity,health_insurance)
//   GATEWAY_URL=http://127.0.0.1:4000/graphql npx tsx examples/agency-client/client.ts 086175128486
import { readFileSync } from 'node:fs';
import type {
  CitizenForAgencyQuery,
  CitizenForAgencyQueryVariables,
} from './operations.generated.ts';

const CITIZEN_FOR_AGENCY = readFileSync(
  new URL('./citizenForAgency.graphql', import.meta.url),
  'utf8',
);

export interface GraphQLAnswer<D> {
  data?: D | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
}

export interface Caller {
  url: string;
  /** The agency's access token, from its identity provider. */
  token: string;
  /** Why the agency reads: every request declares it (`X-Purpose`). */
  purpose: string;
}

export async function citizenForAgency(
  caller: Caller,
  variables: CitizenForAgencyQueryVariables,
): Promise<GraphQLAnswer<CitizenForAgencyQuery>> {
  const response = await fetch(caller.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${caller.token}`,
      'x-purpose': caller.purpose,
    },
    body: JSON.stringify({ query: CITIZEN_FOR_AGENCY, variables }),
  });
  return (await response.json()) as GraphQLAnswer<CitizenForAgencyQuery>;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const personalId = process.argv[2] ?? '086175128486';
  const answer = await citizenForAgency(
    {
      url: process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql',
      token: process.env.TOKEN ?? '',
      purpose: 'health-insurance-reissue',
    },
    { personalId },
  );
  // A denied field is null with a FORBIDDEN error at its path; the rest of the answer is data.
  const card = answer.data?.citizen?.healthInsurance;
  console.log(card ? `${card.cardCode} valid until ${card.validUntil}` : answer.errors);
}
