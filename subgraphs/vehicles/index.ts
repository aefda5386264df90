import { runSubgraph } from '../shared/runSubgraph.ts';
import { vehicles } from './server.ts';

await runSubgraph(vehicles);
