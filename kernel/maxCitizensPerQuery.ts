/**
 * The most citizens one request may name (`citizens(personalIds:)`): one batched statement per
 * subgraph stays small, and access decisions are anticipated up to this many. The SDL's
 * description of `citizens` says the same number (a test checks it).
 */
export const MAX_CITIZENS_PER_QUERY = 500;
