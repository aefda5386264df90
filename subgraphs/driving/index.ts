import { runSubgraph } from '../shared/runSubgraph.ts';
import { driving } from './server.ts';

await runSubgraph(driving);
