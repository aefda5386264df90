/** What one operation, one answer and one caller may cost the gateway; 0 turns a rate limit off. */
export interface LimitsConfig {
  /** GATEWAY_MAX_DEPTH: nested selections, so the schema's cycles end (citizen → vehicles → owner → …). */
  maxDepth: number;
  /** GATEWAY_MAX_ALIASES per operation. */
  maxAliases: number;
  /** GATEWAY_MAX_DIRECTIVES per operation. */
  maxDirectives: number;
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
  /** REDIS_URL: counters shared by gateway replicas; unset, each process counts in memory. */
  redisUrl: string | undefined;
  /** GATEWAY_RATE_LIMIT_PREFIX: the Redis key prefix. */
  redisPrefix: string;
}

export const DEFAULT_LIMITS: LimitsConfig = {
  maxDepth: 7,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 1_000,
  maxCost: 50_000,
  maxSubgraphResponseBytes: 4_000_000,
  clientPerMinute: 6_000,
  citizenPerMinute: 120,
  subjectPerMinute: 30,
  redisUrl: undefined,
  redisPrefix: 'cg:rate',
};

function integer(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min) {
    throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

export function limitsConfig(): LimitsConfig {
  const d = DEFAULT_LIMITS;
  const redisUrl = process.env.REDIS_URL || undefined;
  if (redisUrl && !/^rediss?:$/.test(new URL(redisUrl).protocol)) {
    throw new Error(`REDIS_URL must be a redis:// or rediss:// URL, got "${redisUrl}"`);
  }
  return {
    maxDepth: integer('GATEWAY_MAX_DEPTH', d.maxDepth, 1),
    maxAliases: integer('GATEWAY_MAX_ALIASES', d.maxAliases, 0),
    maxDirectives: integer('GATEWAY_MAX_DIRECTIVES', d.maxDirectives, 0),
    maxTokens: integer('GATEWAY_MAX_TOKENS', d.maxTokens, 1),
    maxCost: integer('GATEWAY_MAX_COST', d.maxCost, 1),
    maxSubgraphResponseBytes: integer(
      'GATEWAY_MAX_SUBGRAPH_RESPONSE_BYTES',
      d.maxSubgraphResponseBytes,
      1,
    ),
    clientPerMinute: integer('GATEWAY_RATE_LIMIT_CLIENT', d.clientPerMinute, 0),
    citizenPerMinute: integer('GATEWAY_RATE_LIMIT_CITIZEN', d.citizenPerMinute, 0),
    subjectPerMinute: integer('GATEWAY_RATE_LIMIT_SUBJECT', d.subjectPerMinute, 0),
    redisUrl,
    redisPrefix: process.env.GATEWAY_RATE_LIMIT_PREFIX || d.redisPrefix,
  };
}
