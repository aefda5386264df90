import { type Route, send } from '../../kernel/http.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import { documentId, PREFILL_FORM_OPERATION } from './trustedDocuments.ts';

/**
 * `GET /forms`: the catalogue a portal builds on, with each operation's registered document id,
 * and the registered operation of the `prefillForm` field, the one other the one-stop-shop may run.
 */
export function formsRoute(forms: ReadonlyMap<string, FormPlan>): Route {
  const body = JSON.stringify({
    forms: [...forms.values()].map(({ template, fields }) => ({
      code: template.code,
      title: template.title,
      purpose: template.purpose,
      legalBasis: template.legalBasis,
      scopes: template.scopes,
      documentId: documentId(template.operation),
      operation: template.operation,
      fields: fields.map((f) => ({ name: f.name, agency: f.agency, scope: f.scope })),
    })),
    fieldOperations: [
      {
        field: 'prefillForm',
        documentId: documentId(PREFILL_FORM_OPERATION),
        operation: PREFILL_FORM_OPERATION,
      },
    ],
  });
  return {
    method: 'GET',
    path: '/forms',
    handle: (_req, res) => send(res, 200, { 'content-type': 'application/json' }, body),
  };
}
