import { runSubgraph } from '../shared/runSubgraph.ts';
import { tax } from './server.ts';

await runSubgraph(tax);
