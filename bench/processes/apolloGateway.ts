// Plain @apollo/gateway as its documentation sets it up: standalone server, default data sources,
// subgraph URLs from the supergraph file. The baseline our gateway is compared with.
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { envPort } from '../../db/env.ts';

const file = process.env.SUPERGRAPH_FILE;
if (!file) throw new Error('set SUPERGRAPH_FILE');
const server = new ApolloServer({
  gateway: new ApolloGateway({ supergraphSdl: readFileSync(file, 'utf8') }),
});
const { url } = await startStandaloneServer(server, {
  listen: { port: envPort('PORT', 4400), host: '127.0.0.1' },
});
console.log(`ready ${url}`);
