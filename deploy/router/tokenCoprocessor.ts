import { createServer, type Server } from 'node:http';
import type { JWTPayload } from 'jose';
import { callerFromClaims, InvalidClaims } from '../../gateway/auth/claims.ts';
import type { TrustedIssuer } from '../../gateway/auth/issuers.ts';
import { DEFAULT_TOKEN_LIFETIMES, type TokenLifetimes } from '../../gateway/auth/tokenLifetimes.ts';
import type { Caller } from '../../kernel/access/caller.ts';
import {
  INTERNAL_TOKEN_HEADER,
  internalTokenSigner,
  REQUEST_ID_HEADER,
  requestIdFrom,
} from '../../kernel/access/internalToken.ts';
import { isPurpose, PURPOSE_RULE } from '../../kernel/access/purpose.ts';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.ts';

/** Where the Router's JWT authentication leaves the verified claims. */
export const JWT_CLAIMS = 'apollo::authentication::jwt_claims';
/** Where this coprocessor keeps the request's declared purpose between the two stages. */
export const PURPOSE_ENTRY = 'citizen_graph::purpose';
const CLOCK_TOLERANCE_SECONDS = 30;
/** A stage without the operation's body is a few kilobytes; far more is not the Router. */
const MAX_PAYLOAD_BYTES = 1_000_000;

/** The part of Apollo Router's coprocessor payload (version 1) this coprocessor reads and writes. */
export interface StagePayload {
  version: number;
  stage: string;
  control: 'continue' | { break: number };
  id: string;
  headers?: Record<string, string[]>;
  context?: { entries: Record<string, unknown> };
  serviceName?: string;
  body?: unknown;
}

const refuse = (status: number, code: string, reason: string, message: string) => ({
  control: { break: status } as const,
  body: { errors: [{ message, extensions: { code, reason } }] },
});

export interface CoprocessorOptions {
  gatewaySecret: Buffer;
  /** The issuers the gateway trusts (TRUSTED_ISSUERS), each with the audience its tokens name. */
  issuers: Pick<TrustedIssuer, 'issuer' | 'audience'>[];
  tokenLifetimes?: TokenLifetimes | undefined;
}

/** The caller a verified JWT's claims name, with the gateway's own checks beyond the signature. */
function callerOf(
  claims: JWTPayload,
  { issuers, tokenLifetimes: lifetimes = DEFAULT_TOKEN_LIFETIMES }: CoprocessorOptions,
): Caller | string {
  const issuer = issuers.find((i) => i.issuer === claims.iss);
  if (!issuer) return 'TOKEN_ISSUER_UNTRUSTED';
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(issuer.audience)) return 'TOKEN_WRONG_AUDIENCE';
  const { iat, exp } = claims;
  if (typeof iat !== 'number' || typeof exp !== 'number') return 'TOKEN_CLAIM_INVALID';
  if (iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) return 'TOKEN_ISSUED_IN_FUTURE';
  let caller: Caller;
  try {
    caller = callerFromClaims(claims);
  } catch (error) {
    if (error instanceof InvalidClaims) return 'TOKEN_CLAIM_INVALID';
    throw error;
  }
  return exp - iat > lifetimes[caller.kind] ? 'TOKEN_LIFETIME_TOO_LONG' : caller;
}

/** RouterRequest: the declared purpose, checked as the gateway checks it, kept in the context. */
function keepPurpose(payload: StagePayload): StagePayload {
  const declared = payload.headers?.['x-purpose'];
  if (declared && (declared.length !== 1 || !isPurpose(declared[0] as string))) {
    const message = `X-Purpose must be ${PURPOSE_RULE}.`;
    return { ...payload, ...refuse(400, 'BAD_USER_INPUT', 'PURPOSE_INVALID', message) };
  }
  const entries = { ...payload.context?.entries, [PURPOSE_ENTRY]: declared?.[0] ?? null };
  return { ...payload, context: { entries } };
}

/**
 * One stage of the Router's request: at RouterRequest it keeps X-Purpose in the context; at
 * SubgraphRequest it signs the subgraph's token (kernel/access/internalToken.ts) for the caller
 * the claims name. Anything it cannot vouch for stops the request.
 */
export function tokenStages(options: CoprocessorOptions) {
  const sign = internalTokenSigner(options.gatewaySecret);
  return (payload: StagePayload): StagePayload => {
    if (payload.stage === 'RouterRequest') return keepPurpose(payload);
    if (payload.stage !== 'SubgraphRequest') return payload;
    const service = payload.serviceName;
    if (!SUBGRAPH_NAMES.some((name) => name === service)) {
      const message = 'The Router asked for a subgraph this system does not have.';
      return { ...payload, ...refuse(500, 'INTERNAL_SERVER_ERROR', 'UNKNOWN_SUBGRAPH', message) };
    }
    const entries = payload.context?.entries ?? {};
    const claims = entries[JWT_CLAIMS] as JWTPayload | undefined;
    const caller = claims ? callerOf(claims, options) : 'TOKEN_MISSING';
    if (typeof caller === 'string') {
      const message = 'The caller is not authenticated.';
      return { ...payload, ...refuse(401, 'UNAUTHENTICATED', caller, message) };
    }
    const purpose = entries[PURPOSE_ENTRY];
    const token = sign(service as string, {
      caller,
      purpose: typeof purpose === 'string' ? purpose : null,
    });
    const headers = {
      ...payload.headers,
      [INTERNAL_TOKEN_HEADER]: [token],
      [REQUEST_ID_HEADER]: [requestIdFrom(payload.id)],
    };
    return { ...payload, headers };
  };
}

/** The coprocessor over HTTP: the Router POSTs each stage's JSON and takes back the answer. */
export function tokenCoprocessorServer(stages: ReturnType<typeof tokenStages>): Server {
  return createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_PAYLOAD_BYTES) {
        response.writeHead(413).end();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    let answer: StagePayload;
    try {
      answer = stages(JSON.parse(Buffer.concat(chunks).toString('utf8')) as StagePayload);
    } catch {
      response.writeHead(400).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
}
