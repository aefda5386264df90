import type { GraphQLFormattedError } from 'graphql';
import { type Caller, callerActor, callerId } from '../../kernel/access/caller.ts';
import type { FormPlan, ResultPath } from '../../schema/forms/plan.ts';

export interface PrefilledField {
  value: unknown;
  filled: boolean;
  /** The agency the value comes from and when its record there last changed. */
  source: { agency: string; updatedAt: string | null };
  /** Why it is empty (a denial's reason, or NO_RECORD) and the consent scope that would fill it. */
  reason?: string;
  scope?: string | null;
}

export interface PrefillAnswer {
  form: { code: string; title: string; purpose: string; legalBasis: string };
  subject: string;
  requestedBy: { kind: Caller['kind']; id: string; actingFor: string | null };
  requestId: string;
  issuedAt: string;
  fields: Record<string, PrefilledField>;
}

const at = (data: unknown, path: ResultPath): unknown =>
  path.reduce<unknown>(
    (node, key) => (node === null || typeof node !== 'object' ? undefined : (node as never)[key]),
    data,
  );

const isPrefix = (prefix: readonly (string | number)[], path: ResultPath) =>
  prefix.length <= path.length && prefix.every((key, k) => String(key) === String(path[k]));

type Result = { data?: Record<string, unknown> | null; errors?: readonly GraphQLFormattedError[] };

/** Reads each form field out of one subject's result, with its provenance or why it is empty. */
export function prefilledFields(plan: FormPlan, result: Result): Record<string, PrefilledField> {
  const fields: Record<string, PrefilledField> = {};
  for (const field of plan.fields) {
    const value = at(result.data, field.path) ?? null;
    const record = at(result.data, field.recordPath) as { updatedAt?: string } | null | undefined;
    const source = { agency: field.agency, updatedAt: record?.updatedAt ?? null };
    if (value !== null) {
      fields[field.name] = { value, filled: true, source };
      continue;
    }
    const error = result.errors?.find((e) => e.path && isPrefix(e.path, field.path));
    const extensions = error?.extensions ?? {};
    fields[field.name] = {
      value: null,
      filled: false,
      source,
      reason: String(extensions.reason ?? extensions.code ?? 'NO_RECORD'),
      scope: (extensions.scope as string | undefined) ?? field.scope,
    };
  }
  return fields;
}

/** Who asked, when, for which form: what every answer, single or bulk, states. */
export function answerHeader(
  plan: FormPlan,
  request: { caller: Caller; requestId: string; now: Date },
) {
  const { template } = plan;
  return {
    form: {
      code: template.code,
      title: template.title,
      purpose: template.purpose,
      legalBasis: template.legalBasis,
    },
    requestedBy: {
      kind: request.caller.kind,
      id: callerId(request.caller),
      actingFor: callerActor(request.caller),
    },
    requestId: request.requestId,
    issuedAt: request.now.toISOString(),
  };
}

export function prefillAnswer(
  plan: FormPlan,
  subject: string,
  result: Result,
  request: { caller: Caller; requestId: string; now: Date },
): PrefillAnswer {
  const { form, ...rest } = answerHeader(plan, request);
  return { form, subject, ...rest, fields: prefilledFields(plan, result) };
}
