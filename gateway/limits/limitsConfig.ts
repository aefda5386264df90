import { envInt, envString, envUrl } from '../../db/env.ts';

/** What one operation, one answer and one caller may cost the gateway; 0 turns a rate limit off. */
export interface LimitsConfig {
  /** GATEWAY_MAX_DEPTH: nested selections, so the schema's cycles end (citizen → vehicles → owner → …). */
  maxDepth: number;
  /** GATEWAY_MAX_ALIASES per operation. */
  maxAliases: number;
  /** GATEWAY_MAX_DIRECTIVES per operation. */
  maxDirectives: number;
  /** GATEWAY_MAX_FIELD_REPEATS: one field (response key) or fragment spread in one selection set. */
  maxFieldRepeats: number;
  /** GATEWAY_MAX_TOKENS in a document, counted while it is parsed. */
  maxTokens: number;
  /** GATEWAY_MAX_COST: fields resolved, multiplied by list sizes (gateway/limits/listSizes.ts). */
  maxCost: number;
  /** GATEWAY_MAX_SUBGRAPH_RESPONSE_BYTES: a subgraph answer is read up to this and then dropped. */
  maxSubgraphResponseBytes: number;
  /** GATEWAY_RATE_LIMIT_CLIENT: requests per minute from one agency, bank, one-stop-shop… */
  clientPerMinute: number;
  /** GATEWAY_RATE_LIMIT_CITIZEN: requests per minute with one citizen's token. */
  citizenPerMinute: number;
  /** GATEWAY_RATE_LIMIT_SUBJECT: reads of one citizen by one caller per minute. */
  subjectPerMinute: number;
  /** GATEWAY_MAX_RESPONSE_BYTES: a larger answer to the client becomes RESPONSE_TOO_LARGE. */
  maxResponseBytes: number;
  /** REDIS_URL: counters shared by gateway replicas; unset, each process counts in memory. */
  redisUrl: string | undefined;
  /** GATEWAY_RATE_LIMIT_PREFIX: the Redis key prefix. */
  redisPrefix: string;
}

export const DEFAULT_LIMITS: LimitsConfig = {
  maxDepth: 7,
  maxAliases: 15,
  maxDirectives: 20,
  maxFieldRepeats: 10,
  maxTokens: 1_000,
  maxCost: 50_000,
  maxSubgraphResponseBytes: 4_000_000,
  maxResponseBytes: 8 * 1024 * 1024,
  clientPerMinute: 6_000,
  citizenPerMinute: 120,
  subjectPerMinute: 30,
  redisUrl: undefined,
  redisPrefix: 'cg:rate',
};

export function limitsConfig(): LimitsConfig {
  const d = DEFAULT_LIMITS;
  const atLeast = (min: number) => ({ min });
  return {
    maxDepth: envInt('GATEWAY_MAX_DEPTH', d.maxDepth, atLeast(1)),
    maxAliases: envInt('GATEWAY_MAX_ALIASES', d.maxAliases, atLeast(0)),
    maxDirectives: envInt('GATEWAY_MAX_DIRECTIVES', d.maxDirectives, atLeast(0)),
    maxFieldRepeats: envInt('GATEWAY_MAX_FIELD_REPEATS', d.maxFieldRepeats, atLeast(1)),
    maxTokens: envInt('GATEWAY_MAX_TOKENS', d.maxTokens, atLeast(1)),
    maxCost: envInt('GATEWAY_MAX_COST', d.maxCost, atLeast(1)),
    maxSubgraphResponseBytes: envInt(
      'GATEWAY_MAX_SUBGRAPH_RESPONSE_BYTES',
      d.maxSubgraphResponseBytes,
      atLeast(1),
    ),
    maxResponseBytes: envInt('GATEWAY_MAX_RESPONSE_BYTES', d.maxResponseBytes, atLeast(1)),
    clientPerMinute: envInt('GATEWAY_RATE_LIMIT_CLIENT', d.clientPerMinute, atLeast(0)),
    citizenPerMinute: envInt('GATEWAY_RATE_LIMIT_CITIZEN', d.citizenPerMinute, atLeast(0)),
    subjectPerMinute: envInt('GATEWAY_RATE_LIMIT_SUBJECT', d.subjectPerMinute, atLeast(0)),
    redisUrl: envUrl('REDIS_URL', ['redis:', 'rediss:']),
    redisPrefix: envString('GATEWAY_RATE_LIMIT_PREFIX', d.redisPrefix),
  };
}
