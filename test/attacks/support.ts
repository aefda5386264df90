import { samplePersonalIds } from '../../db/seed/samples.ts';
import { DEFAULT_LIMITS, type LimitsConfig } from '../../gateway/limits/limitsConfig.ts';
import { backends, TEST_POPULATION } from '../support/backends.ts';
import { countSubgraphCalls } from '../support/subgraphCalls.ts';
import { startTestSystem, type TestSystem } from '../support/testSystem.ts';

/** A citizen with data in all five agencies, and another. */
export const [VICTIM, OTHER] = samplePersonalIds(TEST_POPULATION).map((s) => s.personalId) as [
  string,
  string,
];

export interface AttackedSystem {
  system: TestSystem;
  subgraphCalls: ReturnType<typeof countSubgraphCalls>;
  /** Sends a raw request to the gateway and reads its answer as JSON (or text). */
  send(init: RequestInit & { path?: string }): Promise<Answer>;
  /** POSTs one GraphQL operation with the all-scopes agency's token (or the given headers). */
  post(query: string, variables?: unknown, headers?: Record<string, string>): Promise<Answer>;
  stop(): Promise<void>;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
  };
}

/** The whole system on the last backend (PostgreSQL when configured), with subgraph calls counted. */
export async function startAttackedSystem(
  options: { limits?: Partial<LimitsConfig>; production?: boolean } = {},
): Promise<AttackedSystem> {
  const backend = backends().at(-1);
  if (!backend) throw new Error('no backend');
  const system = await startTestSystem(backend, {
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    production: options.production ?? false,
  });
  const subgraphCalls = countSubgraphCalls(system.subgraphUrls);
  const send = async ({ path, ...init }: RequestInit & { path?: string }): Promise<Answer> => {
    const response = await fetch(new URL(path ?? '/graphql', system.url), init);
    const text = await response.text();
    let body: Answer['body'] = {};
    try {
      body = JSON.parse(text);
    } catch {}
    return { status: response.status, headers: response.headers, text, body };
  };
  return {
    system,
    subgraphCalls,
    send,
    post: (query, variables, headers = system.defaultHeaders) =>
      send({
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      }),
    stop: async () => {
      subgraphCalls.stop();
      await system.stop();
    },
  };
}

/** The codes of an answer's errors. */
export const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);

/** True when any of these personal IDs, or a name-like field, appears anywhere in the answer. */
export const leaks = (answer: Answer, ...personalIds: string[]) =>
  personalIds.some((id) => answer.text.includes(id)) || /"fullName"\s*:\s*"/.test(answer.text);
