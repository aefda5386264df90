import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { codedError } from '../../kernel/errors.ts';
import type { FormPlan } from '../../schema/forms/plan.ts';
import type { GatewayContext } from '../context.ts';

/** A registered operation's id: the SHA-256 of its text, as Apollo's persisted queries name it. */
export const documentId = (operation: string) =>
  createHash('sha256').update(operation).digest('hex');

/** The form operations by document id. */
export function trustedDocuments(forms: ReadonlyMap<string, FormPlan>): Map<string, string> {
  return new Map(
    [...forms.values()].map((p) => [documentId(p.template.operation), p.template.operation]),
  );
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
