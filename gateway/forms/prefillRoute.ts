import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { checkPersonalId } from '../../db/domain/personalId.ts';
import { type Route, readJsonBody, send, sendError } from '../../kernel/http.ts';
import type { InFlightLimit } from '../../kernel/inFlightLimit.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import type { GatewayContext } from '../context.ts';
import { type SigningKeys, signJson } from '../signing/signingKeys.ts';
import { prefillAnswer } from './prefillAnswer.ts';

export interface PrefillDependencies {
  apollo: ApolloServer<GatewayContext>;
  context: (request: Pick<IncomingMessage, 'headers'>) => Promise<GatewayContext>;
  forms: ReadonlyMap<string, FormPlan>;
  signing: SigningKeys;
  limit?: InFlightLimit | undefined;
}

/** The media type in a signed prefill answer's JWS header. */
export const PREFILL_TYP = 'prefill+json';
const PATH = /^\/forms\/([^/]+)\/prefill$/;

type Refusal = [
  status: number,
  message: string,
  extensions: { code: string } & Record<string, unknown>,
];

const refuse = (res: ServerResponse, [status, message, extensions]: Refusal) =>
  sendError(res, status, {}, message, extensions);

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
    return [http?.status ?? 400, error.message, extensions] as Refusal;
  }
}

async function subjectOf(req: IncomingMessage): Promise<string | Refusal> {
  let body: unknown;
  try {
    body = await readJsonBody(req, 10_000);
  } catch (error) {
    return [400, (error as Error).message, { code: 'BAD_REQUEST' }];
  }
  const personalId = (body as { personalId?: unknown } | null)?.personalId;
  if (typeof personalId !== 'string')
    return [400, 'the body must be {"personalId": "<12 digits>"}', { code: 'BAD_USER_INPUT' }];
  const check = checkPersonalId(personalId);
  if (!check.ok) return [400, `personalId: ${check.problem}`, { code: 'BAD_USER_INPUT' }];
  return personalId;
}

/**
 * `POST /forms/{code}/prefill` with `{"personalId"}`: the form's trusted operation runs through the
 * gateway's own execution (the subgraphs decide and audit every field as for any query), and the
 * answer comes back signed.
 */
export function prefillRoute(deps: PrefillDependencies): Route {
  return {
    method: 'POST',
    path: '/forms/',
    handle: async (req, res, url) => {
      const code = PATH.exec(url.pathname)?.[1];
      if (code === undefined) return refuse(res, [404, 'not found', { code: 'NOT_FOUND' }]);
      const plan = deps.forms.get(decodeURIComponent(code));
      if (!plan) {
        const known = [...deps.forms.keys()].join(', ');
        return refuse(res, [404, `no form "${code}"; forms: ${known}`, { code: 'FORM_NOT_FOUND' }]);
      }
      const subject = await subjectOf(req);
      if (typeof subject !== 'string') return refuse(res, subject);
      const context = await contextFor(deps, req, plan);
      if (Array.isArray(context)) return refuse(res, context);
      const { caller } = context.identity;
      if (caller.kind !== 'citizen' && caller.kind !== 'one_stop_shop') {
        const message = 'forms are prefilled for a citizen, by the citizen or the one-stop-shop';
        return refuse(res, [
          403,
          message,
          { code: 'FORBIDDEN', reason: 'CITIZEN_OR_ONE_STOP_SHOP_ONLY' },
        ]);
      }
      if (deps.limit && !(await deps.limit.acquire())) {
        return sendError(res, 503, { 'retry-after': '1' }, 'overloaded; retry later', {
          code: 'OVERLOADED',
        });
      }
      try {
        await prefill(deps, res, plan, subject, context);
      } finally {
        deps.limit?.release();
      }
    },
  };
}

async function prefill(
  deps: PrefillDependencies,
  res: ServerResponse,
  plan: FormPlan,
  subject: string,
  context: GatewayContext,
) {
  const response = await deps.apollo.executeOperation(
    // The text, not the parsed document: its hash is the registered document id.
    { query: plan.template.operation, variables: { personalId: subject } },
    { contextValue: context },
  );
  if (response.body.kind !== 'single') throw new Error('a form operation answered incrementally');
  const result = response.body.singleResult;
  if (result.data?.citizen === null && !result.errors) {
    return refuse(res, [
      404,
      `no citizen has personal ID ${subject}`,
      { code: 'SUBJECT_NOT_FOUND' },
    ]);
  }
  const { caller, requestId } = context.identity;
  const answer = prefillAnswer(plan, subject, result, { caller, requestId, now: new Date() });
  const notSubject = plan.fields.some(
    (f) => f.path.length === 2 && answer.fields[f.name]?.reason === 'NOT_DATA_SUBJECT',
  );
  if (notSubject) {
    const message = `this token does not act for ${subject} or a ward of theirs`;
    return refuse(res, [403, message, { code: 'FORBIDDEN', reason: 'NOT_DATA_SUBJECT' }]);
  }
  const jws = await signJson(deps.signing, answer, PREFILL_TYP);
  send(res, 200, { 'content-type': 'application/json' }, JSON.stringify({ answer, jws }));
}
