import { writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { ACCESS_DOC_URL, accessDoc } from './accessDoc.ts';
import { SUBGRAPH_NAMES, SUPERGRAPH_URL, subgraphSdl } from './subgraphs.ts';

/**
 * Composes the subgraph SDLs into the supergraph. Routing URLs are placeholders: the gateway
 * takes each subgraph's URL from its configuration.
 */
export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({
      name,
      url: `http://${name}.invalid/graphql`,
      typeDefs: parse(subgraphSdl(name)),
    })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  }
  return result.supergraphSdl;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(SUPERGRAPH_URL, composeSupergraph());
  writeFileSync(ACCESS_DOC_URL, accessDoc());
  console.log('wrote schema/supergraph.graphql and docs/ACCESS.md');
}
