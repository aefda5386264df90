import type { ApolloServer } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { checkPersonalId } from '../../db/domain/personalId.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import type { GatewayContext } from '../context.ts';
import {
  type BulkPrefillAnswer,
  bulkOperation,
  bulkSubjects,
  MAX_BULK_SUBJECTS,
  partitionSubjects,
} from './bulkPrefill.ts';
import { answerHeader, type PrefillAnswer, prefillAnswer } from './prefillAnswer.ts';

/** The media types in the JWS header of a signed prefill answer, single and bulk. */
export const PREFILL_TYP = 'prefill+json';
export const BULK_PREFILL_TYP = 'bulk-prefill+json';

/**
 * Signs an answer's JSON (UTF-8) as a compact JWS of the given media type, given as ASCII pieces
 * that are written one after the other (compactJws).
 */
export type SignAnswer = (json: Buffer, typ: string) => Buffer[];

/**
 * Runs one operation through the gateway's own execution, so the subgraphs decide and audit every
 * field as for any query. The REST route and the GraphQL field each bring their own (the route
 * takes an in-flight slot; the field already holds its request's).
 */
export type RunOperation = (
  query: string,
  variables: Record<string, unknown>,
  context: GatewayContext,
) => Promise<FormattedExecutionResult>;

/** Runs an operation on the gateway's own Apollo server with the given request context. */
export function executeOn(apollo: ApolloServer<GatewayContext>): RunOperation {
  return async (query, variables, context) => {
    const response = await apollo.executeOperation({ query, variables }, { contextValue: context });
    if (response.body.kind !== 'single') throw new Error('a form operation answered incrementally');
    return response.body.singleResult;
  };
}

/** A request refused with its HTTP status (REST) and the code both the route and the field answer. */
export class PrefillRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extensions: { code: string } & Record<string, unknown>,
  ) {
    super(message);
  }
}

export function formPlan(forms: ReadonlyMap<string, FormPlan>, code: string): FormPlan {
  const plan = forms.get(code);
  if (plan) return plan;
  const known = [...forms.keys()].join(', ');
  throw new PrefillRefused(404, `no form "${code}"; forms: ${known}`, { code: 'FORM_NOT_FOUND' });
}

/** The form's purpose is the declared one, whatever the request declared. */
const forForm = (plan: FormPlan, context: GatewayContext) =>
  context.withPurpose(plan.template.purpose);

/** One subject's form, by the citizen or the one-stop-shop acting for them. */
export async function prefillOne(
  run: RunOperation,
  plan: FormPlan,
  personalId: string,
  context: GatewayContext,
): Promise<PrefillAnswer> {
  const check = checkPersonalId(personalId);
  if (!check.ok)
    throw new PrefillRefused(400, `personalId: ${check.problem}`, { code: 'BAD_USER_INPUT' });
  const { caller, requestId } = context.identity;
  if (caller.kind !== 'citizen' && caller.kind !== 'one_stop_shop') {
    const message = 'a form is prefilled by the citizen or the one-stop-shop acting for them';
    throw new PrefillRefused(403, message, {
      code: 'FORBIDDEN',
      reason: 'CITIZEN_OR_ONE_STOP_SHOP_ONLY',
    });
  }
  // The text, not the parsed document: its hash is the registered document id.
  const result = await run(plan.template.operation, { personalId }, forForm(plan, context));
  if (result.data?.citizen === null && !result.errors) {
    const message = `no citizen has personal ID ${personalId}`;
    throw new PrefillRefused(404, message, { code: 'SUBJECT_NOT_FOUND' });
  }
  const answer = prefillAnswer(plan, personalId, result, { caller, requestId, now: new Date() });
  const notSubject = plan.fields.some(
    (f) => f.path.length === 2 && answer.fields[f.name]?.reason === 'NOT_DATA_SUBJECT',
  );
  if (notSubject) {
    const message = `this token does not act for ${personalId} or a ward of theirs`;
    throw new PrefillRefused(403, message, { code: 'FORBIDDEN', reason: 'NOT_DATA_SUBJECT' });
  }
  return answer;
}

/** Up to 500 subjects' forms for a portal's system, each decided by that subject's consent. */
export async function prefillMany(
  run: RunOperation,
  plan: FormPlan,
  personalIds: string[],
  context: GatewayContext,
): Promise<BulkPrefillAnswer> {
  if (personalIds.length > MAX_BULK_SUBJECTS) {
    const message = `personalIds holds ${personalIds.length} numbers, at most ${MAX_BULK_SUBJECTS} are allowed`;
    throw new PrefillRefused(400, message, { code: 'BAD_USER_INPUT', limit: MAX_BULK_SUBJECTS });
  }
  const { caller, requestId } = context.identity;
  if (caller.kind !== 'third_party') {
    const message = "a bulk prefill is a portal system's call, decided by each subject's consent";
    throw new PrefillRefused(403, message, {
      code: 'FORBIDDEN',
      reason: 'CONSENT_BASED_SYSTEMS_ONLY',
    });
  }
  const { malformed, wellFormed } = partitionSubjects(personalIds);
  const result =
    wellFormed.length === 0
      ? { data: { citizens: [] } }
      : await run(bulkOperation(plan), { personalIds: wellFormed }, forForm(plan, context));
  const citizens = result.data?.citizens;
  if (!Array.isArray(citizens)) {
    const first = 'errors' in result ? result.errors?.[0] : undefined;
    const code = String(first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    throw new PrefillRefused(502, first?.message ?? 'the graph gave no answer', { code });
  }
  const errors = 'errors' in result ? result.errors : undefined;
  const subjects = bulkSubjects(plan, personalIds, malformed, citizens, errors);
  return { ...answerHeader(plan, { caller, requestId, now: new Date() }), subjects };
}
