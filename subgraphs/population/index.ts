import { runSubgraph } from '../shared/runSubgraph.ts';
import { population } from './server.ts';

await runSubgraph(population);
