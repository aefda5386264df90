import { generateCitizen, person } from '../db/seed/generate.ts';
import { Random } from '../db/seed/random.ts';
import { checkGuildResponse, GUILD_QUERY } from './guild/query.ts';

/** One request: what to send, and how to tell a right answer from a wrong one. */
export interface Call {
  body: string;
  /** This request's own headers (a token per subject), over the target's. */
  headers?: Record<string, string>;
  check(json: unknown): string | null;
}

export interface Scenario {
  id: string;
  title: string;
  /** A request to a GraphQL gateway. */
  graphql(): Call;
  /** The same work asked of the floor, when the floor can do it. */
  floor?: { path: string; call(): Call };
  /** Connections to drive it with, over `--connections` (a heavy request needs fewer). */
  connections?: number;
  /** The same work asked of our gateway's own HTTP route, by targets with access control on. */
  edge?: { path: string; call(): Call };
}

const CITIZEN_FIELDS = `personalId fullName dateOfBirth sex permanentResidence { address provinceCode }
  eidAccount { level } healthInsurance { socialInsuranceNumber validUntil } driverLicences { class expiresOn }
  vehicles { plate brand } tax { taxOffice declarations { year taxPaid } }`;

type Json = { data?: Record<string, unknown> | null; errors?: unknown[] };

const graphqlCheck =
  (expect: (data: Record<string, unknown>) => string | null) =>
  (json: unknown): string | null => {
    const { data, errors } = json as Json;
    if (errors) return `errors: ${JSON.stringify(errors).slice(0, 200)}`;
    if (!data) return 'no data';
    return expect(data);
  };

const idOf = (value: unknown) => (value as { personalId?: string } | null)?.personalId;

/** Random citizens and plates of a population of `count`, drawn once so requests never repeat a pattern a cache could serve. */
export function citizenScenarios(count: number, seed = 42): Scenario[] {
  const random = new Random(seed);
  const pick = () => person(random.int(0, count - 1)).personalId;
  const plates: string[] = [];
  while (plates.length < 5_000) {
    const record = generateCitizen(random.int(0, count - 1), count);
    for (const v of record.registrations) plates.push(v.plate);
  }
  let plateAt = 0;
  const pickPlate = () => plates[plateAt++ % plates.length] as string;

  const one = (fields: string) => (): Call => {
    const id = pick();
    return {
      body: JSON.stringify({
        query: `query ($id: ID!) { citizen(personalId: $id) { ${fields} } }`,
        variables: { id },
      }),
      check: graphqlCheck((d) => (idOf(d.citizen) === id ? null : `expected citizen ${id}`)),
    };
  };
  const floorOne = (): Call => {
    const id = pick();
    return {
      body: JSON.stringify({ id }),
      check: (json) =>
        idOf((json as { data?: { citizen?: unknown } }).data?.citizen) === id
          ? null
          : `expected ${id}`,
    };
  };
  return [
    {
      id: '1',
      title: 'one citizen, all five subgraphs',
      graphql: one(CITIZEN_FIELDS),
      floor: { path: '/citizen', call: floorOne },
    },
    {
      id: '2',
      title: 'identity only',
      graphql: one('personalId fullName dateOfBirth sex'),
      floor: {
        path: '/identity',
        call: () => {
          const id = pick();
          return {
            body: JSON.stringify({ id }),
            check: (json) => (idOf((json as Json).data) === id ? null : `expected ${id}`),
          };
        },
      },
    },
    {
      id: '3',
      title: 'citizens, 100 IDs, all five subgraphs',
      graphql: () => {
        const ids = Array.from({ length: 100 }, pick);
        return {
          body: JSON.stringify({
            query: `query ($ids: [ID!]!) { citizens(personalIds: $ids) { ${CITIZEN_FIELDS} } }`,
            variables: { ids },
          }),
          check: graphqlCheck((d) => {
            const list = d.citizens as unknown[];
            return list.length === 100 && list.every((c, k) => idOf(c) === ids[k])
              ? null
              : 'wrong citizens';
          }),
        };
      },
      floor: {
        path: '/citizens',
        call: () => {
          const ids = Array.from({ length: 100 }, pick);
          return {
            body: JSON.stringify({ ids }),
            check: (json) => {
              const list = (json as { data: { citizen: unknown }[] }).data;
              return list.length === 100 && list.every((c, k) => idOf(c.citizen) === ids[k])
                ? null
                : 'wrong citizens';
            },
          };
        },
      },
    },
    {
      id: '4',
      title: 'vehicle → owner → driverLicences',
      graphql: () => {
        const plate = pickPlate();
        return {
          body: JSON.stringify({
            query: `query ($plate: String!) { vehicle(plate: $plate) { plate brand owner { personalId fullName driverLicences { class } } } }`,
            variables: { plate },
          }),
          check: graphqlCheck((d) =>
            (d.vehicle as { plate?: string } | null)?.plate === plate ? null : `expected ${plate}`,
          ),
        };
      },
      floor: {
        path: '/vehicle',
        call: () => {
          const plate = pickPlate();
          return {
            body: JSON.stringify({ plate }),
            check: (json) =>
              (json as { data?: { plate?: string } }).data?.plate === plate
                ? null
                : `expected ${plate}`,
          };
        },
      },
    },
  ];
}

/** The Guild's heavy query over the four small benchmark subgraphs (bench/guild): 16 fetches. */
export const guildScenario: Scenario = {
  id: '6',
  title: "The Guild's heavy query (accounts, products, inventory, reviews)",
  graphql: () => ({ body: JSON.stringify({ query: GUILD_QUERY }), check: checkGuildResponse }),
};

/**
 * Where and what a gateway is sent for `scenario`: with access control on, its edge route when it
 * has one (the call carries its own token), else GraphQL with the agency's token and purpose.
 */
export function requestsFor(
  scenario: Scenario,
  graphqlUrl: string,
  agency: Record<string, string> | null,
): { url: string; next: () => Call; headers: Record<string, string> } {
  if (agency && scenario.edge)
    return {
      url: `${new URL(graphqlUrl).origin}${scenario.edge.path}`,
      next: scenario.edge.call,
      headers: {},
    };
  return { url: graphqlUrl, next: scenario.graphql, headers: agency ?? {} };
}
