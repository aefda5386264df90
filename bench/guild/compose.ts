import { writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { GUILD_SUBGRAPH_NAMES, GUILD_SUPERGRAPH_URL, guildSdl } from './sdl.ts';

/**
 * Composes the four benchmark subgraphs. Routing URLs are placeholders: each gateway is given
 * the real subgraph URLs by its configuration.
 */
export function composeGuildSupergraph(): string {
  const result = composeServices(
    GUILD_SUBGRAPH_NAMES.map((name) => ({
      name,
      url: `http://${name}.invalid/graphql`,
      typeDefs: parse(guildSdl(name)),
    })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => e.message).join('\n')}`);
  }
  return result.supergraphSdl;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(GUILD_SUPERGRAPH_URL, composeGuildSupergraph());
  console.log('wrote bench/guild/supergraph.graphql');
}
