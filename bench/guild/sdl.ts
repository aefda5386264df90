import { readFileSync } from 'node:fs';
import type { GuildSubgraphName } from './resolvers.ts';

export const GUILD_SUBGRAPH_NAMES: readonly GuildSubgraphName[] = [
  'accounts',
  'inventory',
  'products',
  'reviews',
];

export function guildSdl(name: GuildSubgraphName): string {
  return readFileSync(new URL(`./${name}.graphql`, import.meta.url), 'utf8');
}

export const GUILD_SUPERGRAPH_URL = new URL('./supergraph.graphql', import.meta.url);

export const guildSupergraphSdl = (): string => readFileSync(GUILD_SUPERGRAPH_URL, 'utf8');
