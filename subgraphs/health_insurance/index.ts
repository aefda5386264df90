import { runSubgraph } from '../shared/runSubgraph.ts';
import { healthInsurance } from './server.ts';

await runSubgraph(healthInsurance);
