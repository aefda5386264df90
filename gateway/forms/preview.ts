import { checkPersonalId } from '../../db/domain/personalId.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import type { GatewayContext } from '../context.ts';
import { prefilledFields } from './prefillAnswer.ts';

/** How long the consent a citizen approves after a preview lasts: one sitting at the portal. */
export const PREVIEW_CONSENT_MINUTES = 15;

type Run = (
  query: string,
  variables: Record<string, unknown>,
) => Promise<{
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
}>;

export class PreviewRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

function citizenRequest(body: Record<string, unknown>, context: GatewayContext) {
  const { personalId, grantee } = body;
  if (typeof personalId !== 'string' || typeof grantee !== 'string' || grantee === '')
    throw new PreviewRefused(400, 'the body must be {"personalId", "grantee"}', 'BAD_USER_INPUT');
  const check = checkPersonalId(personalId);
  if (!check.ok) throw new PreviewRefused(400, `personalId: ${check.problem}`, 'BAD_USER_INPUT');
  if (context.identity.caller.kind !== 'citizen')
    throw new PreviewRefused(
      403,
      'only the citizen (or their guardian) previews and approves',
      'FORBIDDEN',
    );
  return { personalId, grantee };
}

/**
 * The once-only preview: the citizen sees exactly what the form would send to `grantee` once they
 * approve (read with their own rights, decided and audited like any read), and the consent that
 * approving records.
 */
export async function preview(
  plan: FormPlan,
  body: Record<string, unknown>,
  context: GatewayContext,
  run: Run,
) {
  const { personalId, grantee } = citizenRequest(body, context);
  const result = await run(plan.template.operation, { personalId });
  if (result.data?.citizen === null && !result.errors)
    throw new PreviewRefused(404, `no citizen has personal ID ${personalId}`, 'SUBJECT_NOT_FOUND');
  const { template } = plan;
  return {
    form: { code: template.code, title: template.title, legalBasis: template.legalBasis },
    subject: personalId,
    grantee,
    fields: prefilledFields(plan, result),
    approving: {
      scopes: template.scopes,
      purpose: template.purpose,
      validForMinutes: PREVIEW_CONSENT_MINUTES,
    },
  };
}

const GRANT = `mutation ($p: ID!, $g: String!, $s: [AccessScope!]!, $u: String!, $v: DateTime!) {
  grantConsent(personalId: $p, grantee: $g, scopes: $s, purpose: $u, validUntil: $v) {
    id scopes purpose validFrom validUntil grantee { clientId name }
  }
}`;

/** Approval in one step: a consent to the form's scopes, for its purpose only, for minutes. */
export async function approve(
  plan: FormPlan,
  body: Record<string, unknown>,
  context: GatewayContext,
  run: Run,
) {
  const { personalId, grantee } = citizenRequest(body, context);
  const { template } = plan;
  const result = await run(GRANT, {
    p: personalId,
    g: grantee,
    s: template.scopes.map((s) => s.toUpperCase()),
    u: template.purpose,
    v: new Date(Date.now() + PREVIEW_CONSENT_MINUTES * 60_000).toISOString(),
  });
  const consent = result.data?.grantConsent;
  if (!consent) {
    const error = result.errors?.[0];
    const code = String(error?.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    throw new PreviewRefused(
      code === 'FORBIDDEN' ? 403 : 400,
      error?.message ?? 'not granted',
      code,
    );
  }
  return { form: { code: template.code }, subject: personalId, consent };
}
