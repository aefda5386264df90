import type { IncomingMessage } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { type Route, readJsonBody, send, sendError, sendPieces } from '../../kernel/http.ts';
import type { InFlightLimit } from '../../kernel/inFlightLimit.ts';
import { inTraceOf } from '../../kernel/observability/serverSpan.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import type { GatewayContext } from '../context.ts';
import { compactJws, type SigningKeys } from '../signing/signingKeys.ts';
import {
  BULK_PREFILL_TYP,
  executeOn,
  formPlan,
  PREFILL_TYP,
  PrefillRefused,
  prefillMany,
  prefillOne,
  type RunOperation,
  type SignAnswer,
} from './prefill.ts';
import { approve, PreviewRefused, preview } from './preview.ts';

export interface PrefillDependencies {
  apollo: ApolloServer<GatewayContext>;
  context: (request: Pick<IncomingMessage, 'headers'>) => Promise<GatewayContext>;
  forms: ReadonlyMap<string, FormPlan>;
  signing: SigningKeys;
  limit?: InFlightLimit | undefined;
  /**
   * How the routes run operations: forms' plans directly (formOperations.ts), the rest through
   * Apollo; unset: everything through Apollo.
   */
  run?: RunOperation | undefined;
  /**
   * Stands in for `compactJws`: set only by the benchmark's unsigned gateway
   * (bench/processes/unsignedGateway.ts), which measures what signing an answer costs.
   */
  sign?: SignAnswer | undefined;
}

/** How answers are signed: the gateway's first signing key, or the benchmark's stand-in. */
export const answerSigner = (deps: Pick<PrefillDependencies, 'sign' | 'signing'>): SignAnswer =>
  deps.sign ?? ((json, typ) => compactJws(deps.signing, json, typ));

const ANSWER = Buffer.from('{"answer":');
const JWS = Buffer.from(',"jws":"');
const END = Buffer.from('"}');

/**
 * UTF-8 in one pass: `Buffer.from` measures a string with non-Latin-1 characters (any Vietnamese
 * name) before writing it, a second pass over a 500-subject answer's 740,000 characters.
 */
function utf8(text: string): Buffer {
  const bytes = Buffer.allocUnsafe(text.length * 3);
  return bytes.subarray(0, bytes.write(text));
}

const PATH = /^\/forms\/([^/]+)\/(prefill|prefill-bulk|preview|approve)$/;

const refused = (
  status: number,
  message: string,
  extensions: { code: string } & Record<string, unknown>,
) => new PrefillRefused(status, message, extensions);

/** The request's identity, with the form's purpose as the declared one. */
async function contextFor(deps: PrefillDependencies, req: IncomingMessage, plan: FormPlan) {
  const headers = { ...req.headers, 'x-purpose': plan.template.purpose };
  try {
    return await deps.context(inTraceOf(req, { headers }));
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const { http, ...extensions } = error.extensions as {
      http?: { status?: number };
      code: string;
    };
    throw refused(http?.status ?? 400, error.message, extensions);
  }
}

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  try {
    return ((await readJsonBody(req, 64_000)) ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw refused(400, (error as Error).message, { code: 'BAD_REQUEST' });
  }
}

/**
 * `POST /forms/{code}/prefill` with `{"personalId"}` (the citizen, or the one-stop-shop acting for
 * them) and `POST /forms/{code}/prefill-bulk` with `{"personalIds"}` (a portal's system, by each
 * subject's consent): the form's trusted operation runs through the gateway's own execution, so
 * the subgraphs decide and audit every field as for any query, and the answer comes back signed.
 */
export function prefillRoute(deps: PrefillDependencies): Route {
  return {
    method: 'POST',
    path: '/forms/',
    handle: async (req, res, url) => {
      try {
        const [, code = '', action] = PATH.exec(url.pathname) ?? [];
        if (action === undefined) throw refused(404, 'not found', { code: 'NOT_FOUND' });
        const plan = formPlan(deps.forms, decodeURIComponent(code));
        const body = await bodyOf(req);
        const context = await contextFor(deps, req, plan);
        if (action === 'preview' || action === 'approve') {
          const step = action === 'preview' ? preview : approve;
          const run = (query: string, variables: Record<string, unknown>) =>
            execute(deps, query, variables, context);
          const answer = await step(plan, body, context, run);
          return send(res, 200, { 'content-type': 'application/json' }, JSON.stringify(answer));
        }
        const run = (query: string, variables: Record<string, unknown>, c: GatewayContext) =>
          execute(deps, query, variables, c);
        const answer =
          action === 'prefill'
            ? await prefillOne(run, plan, personalIdOf(body), context)
            : await prefillMany(run, plan, personalIdsOf(body), context);
        const typ = action === 'prefill' ? PREFILL_TYP : BULK_PREFILL_TYP;
        // The answer is encoded once, for the signature and the body; a JWS needs no escaping.
        const json = utf8(JSON.stringify(answer));
        const jws = answerSigner(deps)(json, typ);
        sendPieces(res, 200, { 'content-type': 'application/json' }, [
          ANSWER,
          json,
          JWS,
          ...jws,
          END,
        ]);
      } catch (error) {
        if (error instanceof PreviewRefused)
          return sendError(res, error.status, {}, error.message, { code: error.code });
        if (!(error instanceof PrefillRefused)) throw error;
        const { status, message, extensions } = error;
        const headers: Record<string, string> = status === 503 ? { 'retry-after': '1' } : {};
        sendError(res, status, headers, message, extensions);
      }
    },
  };
}

async function execute(
  deps: PrefillDependencies,
  query: string,
  variables: Record<string, unknown>,
  context: GatewayContext,
) {
  if (deps.limit && !(await deps.limit.acquire()))
    throw refused(503, 'overloaded; retry later', { code: 'OVERLOADED' });
  try {
    return await (deps.run ?? executeOn(deps.apollo))(query, variables, context);
  } finally {
    deps.limit?.release();
  }
}

function personalIdOf(body: Record<string, unknown>): string {
  if (typeof body.personalId === 'string') return body.personalId;
  throw refused(400, 'the body must be {"personalId": "<12 digits>"}', { code: 'BAD_USER_INPUT' });
}

function personalIdsOf(body: Record<string, unknown>): string[] {
  const { personalIds } = body;
  if (Array.isArray(personalIds) && personalIds.every((id) => typeof id === 'string'))
    return personalIds;
  throw refused(400, 'the body must be {"personalIds": ["<12 digits>", …]}', {
    code: 'BAD_USER_INPUT',
  });
}
