import type { IncomingMessage } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { checkPersonalId } from '../../db/domain/personalId.ts';
import { type Route, readJsonBody, send, sendError } from '../../kernel/http.ts';
import type { InFlightLimit } from '../../kernel/inFlightLimit.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import type { GatewayContext } from '../context.ts';
import { type SigningKeys, signJson } from '../signing/signingKeys.ts';
import {
  bulkOperation,
  bulkSubjects,
  MAX_BULK_SUBJECTS,
  partitionSubjects,
} from './bulkPrefill.ts';
import { answerHeader, prefillAnswer } from './prefillAnswer.ts';
import { approve, PreviewRefused, preview } from './preview.ts';

export interface PrefillDependencies {
  apollo: ApolloServer<GatewayContext>;
  context: (request: Pick<IncomingMessage, 'headers'>) => Promise<GatewayContext>;
  forms: ReadonlyMap<string, FormPlan>;
  signing: SigningKeys;
  limit?: InFlightLimit | undefined;
  /**
   * Stands in for `signJson`: set only by the benchmark's unsigned gateway
   * (bench/processes/unsignedGateway.ts), which measures what signing an answer costs.
   */
  sign?: ((answer: unknown, typ: string) => Promise<string>) | undefined;
}

/** The media types in the JWS header of a signed prefill answer, single and bulk. */
export const PREFILL_TYP = 'prefill+json';
export const BULK_PREFILL_TYP = 'bulk-prefill+json';
const PATH = /^\/forms\/([^/]+)\/(prefill|prefill-bulk|preview|approve)$/;

type Refusal = [
  status: number,
  message: string,
  extensions: { code: string } & Record<string, unknown>,
];
class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal[1]);
  }
}
const refused = (...refusal: Refusal) => new Refused(refusal);

/** The request's identity, with the form's purpose as the declared one. */
async function contextFor(deps: PrefillDependencies, req: IncomingMessage, plan: FormPlan) {
  const headers = { ...req.headers, 'x-purpose': plan.template.purpose };
  try {
    return await deps.context({ headers });
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
        const plan = deps.forms.get(decodeURIComponent(code));
        if (!plan) {
          const known = [...deps.forms.keys()].join(', ');
          throw refused(404, `no form "${code}"; forms: ${known}`, { code: 'FORM_NOT_FOUND' });
        }
        const body = await bodyOf(req);
        const context = await contextFor(deps, req, plan);
        if (action === 'preview' || action === 'approve') {
          const step = action === 'preview' ? preview : approve;
          const run = (query: string, variables: Record<string, unknown>) =>
            execute(deps, query, variables, context);
          const answer = await step(plan, body, context, run);
          return send(res, 200, { 'content-type': 'application/json' }, JSON.stringify(answer));
        }
        const run = action === 'prefill' ? single : bulk;
        const answer = await run(deps, plan, body, context);
        const typ = action === 'prefill' ? PREFILL_TYP : BULK_PREFILL_TYP;
        const jws = await (deps.sign ?? ((a, t) => signJson(deps.signing, a, t)))(answer, typ);
        send(res, 200, { 'content-type': 'application/json' }, JSON.stringify({ answer, jws }));
      } catch (error) {
        if (error instanceof PreviewRefused)
          return sendError(res, error.status, {}, error.message, { code: error.code });
        if (!(error instanceof Refused)) throw error;
        const [status, message, extensions] = error.refusal;
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
    const response = await deps.apollo.executeOperation(
      { query, variables },
      { contextValue: context },
    );
    if (response.body.kind !== 'single') throw new Error('a form operation answered incrementally');
    return response.body.singleResult;
  } finally {
    deps.limit?.release();
  }
}

async function single(
  deps: PrefillDependencies,
  plan: FormPlan,
  body: Record<string, unknown>,
  context: GatewayContext,
) {
  const { personalId } = body;
  if (typeof personalId !== 'string')
    throw refused(400, 'the body must be {"personalId": "<12 digits>"}', {
      code: 'BAD_USER_INPUT',
    });
  const check = checkPersonalId(personalId);
  if (!check.ok) throw refused(400, `personalId: ${check.problem}`, { code: 'BAD_USER_INPUT' });
  const { caller, requestId } = context.identity;
  if (caller.kind !== 'citizen' && caller.kind !== 'one_stop_shop') {
    const message = 'a form is prefilled by the citizen or the one-stop-shop acting for them';
    throw refused(403, message, { code: 'FORBIDDEN', reason: 'CITIZEN_OR_ONE_STOP_SHOP_ONLY' });
  }
  // The text, not the parsed document: its hash is the registered document id.
  const result = await execute(deps, plan.template.operation, { personalId }, context);
  if (result.data?.citizen === null && !result.errors)
    throw refused(404, `no citizen has personal ID ${personalId}`, { code: 'SUBJECT_NOT_FOUND' });
  const answer = prefillAnswer(plan, personalId, result, { caller, requestId, now: new Date() });
  const notSubject = plan.fields.some(
    (f) => f.path.length === 2 && answer.fields[f.name]?.reason === 'NOT_DATA_SUBJECT',
  );
  if (notSubject) {
    const message = `this token does not act for ${personalId} or a ward of theirs`;
    throw refused(403, message, { code: 'FORBIDDEN', reason: 'NOT_DATA_SUBJECT' });
  }
  return answer;
}

async function bulk(
  deps: PrefillDependencies,
  plan: FormPlan,
  body: Record<string, unknown>,
  context: GatewayContext,
) {
  const { personalIds } = body;
  if (!Array.isArray(personalIds) || !personalIds.every((id) => typeof id === 'string'))
    throw refused(400, 'the body must be {"personalIds": ["<12 digits>", …]}', {
      code: 'BAD_USER_INPUT',
    });
  if (personalIds.length > MAX_BULK_SUBJECTS) {
    const message = `personalIds holds ${personalIds.length} numbers, at most ${MAX_BULK_SUBJECTS} are allowed`;
    throw refused(400, message, { code: 'BAD_USER_INPUT', limit: MAX_BULK_SUBJECTS });
  }
  const { caller, requestId } = context.identity;
  if (caller.kind !== 'third_party') {
    const message = "a bulk prefill is a portal system's call, decided by each subject's consent";
    throw refused(403, message, { code: 'FORBIDDEN', reason: 'CONSENT_BASED_SYSTEMS_ONLY' });
  }
  const { malformed, wellFormed } = partitionSubjects(personalIds);
  const result =
    wellFormed.length === 0
      ? { data: { citizens: [] } }
      : await execute(deps, bulkOperation(plan), { personalIds: wellFormed }, context);
  const citizens = result.data?.citizens;
  if (!Array.isArray(citizens)) {
    const code = String(result.errors?.[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    throw refused(502, result.errors?.[0]?.message ?? 'the graph gave no answer', { code });
  }
  const subjects = bulkSubjects(plan, personalIds, malformed, citizens, result.errors);
  return { ...answerHeader(plan, { caller, requestId, now: new Date() }), subjects };
}
