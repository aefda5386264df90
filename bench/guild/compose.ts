import { writeFileSync } from 'node:fs';
import { compose } from '../../schema/compose.ts';
import { GUILD_SUBGRAPH_NAMES, GUILD_SUPERGRAPH_URL, guildSdl } from './sdl.ts';

/** The four benchmark subgraphs, composed like ours (placeholder routing URLs). */
export const composeGuildSupergraph = (): string =>
  compose(GUILD_SUBGRAPH_NAMES.map((name) => ({ name, sdl: guildSdl(name) })));

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(GUILD_SUPERGRAPH_URL, composeGuildSupergraph());
  console.log('wrote bench/guild/supergraph.graphql');
}
