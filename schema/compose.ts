import { writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { ACCESS_DOC_URL, accessDoc } from './accessDoc.ts';
import { COMPOSED_SUBGRAPH_NAMES, composedSdl, SUPERGRAPH_URL } from './subgraphs.ts';

/**
 * Composes subgraph SDLs into a supergraph. Routing URLs are placeholders (`http://<name>.invalid`):
 * gateways take each subgraph's URL from their configuration.
 */
export function compose(subgraphs: readonly { name: string; sdl: string }[]): string {
  const result = composeServices(
    subgraphs.map(({ name, sdl }) => ({
      name,
      url: `http://${name}.invalid/graphql`,
      typeDefs: parse(sdl),
    })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  }
  return result.supergraphSdl;
}

export const composeSupergraph = (): string =>
  compose(COMPOSED_SUBGRAPH_NAMES.map((name) => ({ name, sdl: composedSdl(name) })));

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(SUPERGRAPH_URL, composeSupergraph());
  writeFileSync(ACCESS_DOC_URL, accessDoc());
  // Loaded here only: composing (the gateway's tests, the bench) needs no code generator.
  const { allResolverTypes, resolverTypesUrl } = await import('./resolverTypes.ts');
  const { OPERATION_TYPES_URL, operationTypes } = await import('./operationTypes.ts');
  for (const { name, source } of await allResolverTypes()) {
    writeFileSync(resolverTypesUrl(name), source);
  }
  writeFileSync(OPERATION_TYPES_URL, await operationTypes());
  console.log('wrote the supergraph, docs/ACCESS.md, resolver types and example operation types');
}
