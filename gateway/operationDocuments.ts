import { type DocumentNode, parse } from 'graphql';

/** Bounded: a fetch's text comes from a query plan, and clients can make any number of plans. */
const MAX_DOCUMENTS = 1_000;

/**
 * A fetch's operation parsed once per text. @apollo/gateway hands a data source the text of the
 * plan's fetch (the document only with `exposeDocumentNodeInFetchNode`), the same string for every
 * request of one plan; parsing it on every fetch, and classifying a new document each time for
 * sharing (`sharing/fetchSharing.ts`, whose cache is keyed by document), cost the gateway ~10 % of
 * its busy time with access control on.
 */
export function operationDocuments(max = MAX_DOCUMENTS): (text: string) => DocumentNode {
  const known = new Map<string, DocumentNode>();
  return (text) => {
    let document = known.get(text);
    if (document === undefined) {
      document = parse(text);
      if (known.size >= max) known.delete(known.keys().next().value as string);
      known.set(text, document);
    }
    return document;
  };
}
