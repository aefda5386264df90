import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { codedError } from '../../kernel/errors.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import type { GatewayContext } from '../context.ts';

/** A registered operation's id: the SHA-256 of its text, as Apollo's persisted queries name it. */
export const documentId = (operation: string) =>
  createHash('sha256').update(operation).digest('hex');

/**
 * The `prefillForm` field's registered operation: every field of the answer, so that the
 * one-stop-shop can check the signature against what it received. Sent as it is (or by its id),
 * it is the one GraphQL operation over forms the one-stop-shop may run.
 */
export const PREFILL_FORM_OPERATION =
  'query PrefillForm($code: String!, $personalId: ID!) { prefillForm(code: $code, personalId: $personalId) { form { code title purpose legalBasis } subject requestedBy { kind id actingFor } requestId issuedAt fields { name value filled source { agency updatedAt } reason scope } jws } }';

/** The form operations and the `prefillForm` operation, by document id. */
export function trustedDocuments(forms: ReadonlyMap<string, FormPlan>): Map<string, string> {
  const operations = [...forms.values()].map((p) => p.template.operation);
  if (forms.size > 0) operations.push(PREFILL_FORM_OPERATION);
  return new Map(operations.map((operation) => [documentId(operation), operation]));
}

/**
 * The persisted-query store: registered documents only. Clients cannot add to it, so an id sent
 * without its text runs only if it is a form's.
 */
export function trustedDocumentStore(documents: ReadonlyMap<string, string>) {
  return {
    get: async (key: string) => documents.get(key.slice(key.lastIndexOf(':') + 1)),
    set: async () => {},
    delete: async () => false,
  };
}

/** The one-stop-shop runs registered form operations only; other clients keep free-form GraphQL. */
export function trustedDocumentsPlugin(
  documents: ReadonlyMap<string, string>,
): ApolloServerPlugin<GatewayContext> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ contextValue, queryHash }) => {
        if (contextValue.identity.caller.kind !== 'one_stop_shop' || documents.has(queryHash))
          return;
        throw codedError(
          'TRUSTED_DOCUMENT_REQUIRED',
          'the one-stop-shop may run only registered form operations: send extensions.persistedQuery.sha256Hash of one listed at GET /forms',
          { http: { status: 403 } },
        );
      },
    }),
  };
}
