import { citizenScenarios } from './scenarios.ts';

export interface SoakCall {
  kind: string;
  body: string;
  headers: Record<string, string>;
  check(json: unknown): string | null;
}

interface Tokens {
  agency: string;
  thirdParty: string;
}

type Json = {
  data?: Record<string, unknown> | null;
  errors?: { extensions?: { code?: string } }[];
};
const codes = (json: unknown) => ((json as Json).errors ?? []).map((e) => e.extensions?.code);

/**
 * The soak's fixed mix, in a repeating order of 20 requests: an agency reading one citizen from
 * all five subgraphs (8), identity only (5), a vehicle and its owner (3), 100 citizens (1); a bank
 * without consent, refused field by field (2); a malformed personal ID (1).
 */
export function soakMix(citizens: number, tokens: Tokens) {
  const [all, identity, hundred, vehicle] = citizenScenarios(citizens, 7);
  if (!all || !identity || !hundred || !vehicle) throw new Error('missing scenarios');
  const agency = {
    'content-type': 'application/json',
    authorization: `Bearer ${tokens.agency}`,
    'x-purpose': 'soak',
  };
  const bank = { ...agency, authorization: `Bearer ${tokens.thirdParty}` };
  const fromScenario = (kind: string, scenario: typeof all) => (): SoakCall => ({
    kind,
    headers: agency,
    ...scenario.graphql(),
  });
  const refused = (): SoakCall => {
    const call = identity.graphql();
    return {
      kind: 'refused',
      headers: bank,
      body: call.body,
      check: (json) => {
        const citizen = (json as Json).data?.citizen as { fullName?: unknown } | null | undefined;
        const all = codes(json);
        return citizen?.fullName === null && all.length > 0 && all.every((c) => c === 'FORBIDDEN')
          ? null
          : 'expected fullName refused with FORBIDDEN';
      },
    };
  };
  // A different malformed ID each time: the same one 60 times a minute would meet the per-subject
  // rate limit (RATE_LIMITED), which is right for a caller hammering one ID but not this mix's point.
  let malformedCount = 0;
  const malformed = (): SoakCall => ({
    kind: 'malformed',
    headers: agency,
    body: JSON.stringify({
      query: `{ citizen(personalId: "${10_000 + (malformedCount++ % 90_000)}") { fullName } }`,
    }),
    check: (json) => (codes(json)[0] === 'BAD_USER_INPUT' ? null : 'expected BAD_USER_INPUT'),
  });
  const order = [
    ...Array(8).fill(fromScenario('one citizen', all)),
    ...Array(5).fill(fromScenario('identity', identity)),
    ...Array(3).fill(fromScenario('vehicle', vehicle)),
    fromScenario('100 citizens', hundred),
    ...Array(2).fill(refused),
    malformed,
  ] as (() => SoakCall)[];
  let at = 0;
  return {
    next: (): SoakCall => (order[at++ % order.length] as () => SoakCall)(),
    describe: () =>
      'per 20 requests: 8 one citizen (5 subgraphs), 5 identity, 3 vehicle → owner, 1 × 100 citizens, 2 refused (bank without consent), 1 malformed ID',
  };
}
