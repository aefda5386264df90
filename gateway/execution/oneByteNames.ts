import { parse, visit } from 'graphql';

/** Its keys: the names kept in V8's string table, which holds only what something references. */
const held: Record<string, true> = Object.create(null);

/**
 * Makes V8 hold every name of the supergraph as a one-byte string. V8 keeps one string per
 * property name (internalised), the first one made that is still referenced: names sliced out of
 * a text with a character beyond Latin-1 in it are two-byte strings (our supergraph's descriptions
 * have such characters; @apollo/federation-internals' Supergraph.build makes two-byte names even
 * from an ASCII one), and so is then every property named after a field, in parsed subgraph
 * answers too. JSON.stringify then writes the whole answer as a two-byte string, which node encodes
 * to UTF-8 character by character: on The Guild's query, measuring and encoding it were a tenth of
 * the gateway's instructions in a run where that happened. Run before anything builds a schema.
 */
export function holdNamesOneByte(supergraphSdl: string): void {
  visit(parse(supergraphSdl), {
    // GraphQL names are ASCII: a Latin-1 round trip copies them into one-byte strings.
    Name: (node) => {
      held[Buffer.from(node.value, 'latin1').toString('latin1')] = true;
    },
  });
}
