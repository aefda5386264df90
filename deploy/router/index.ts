// The token coprocessor beside an Apollo Router (docs/ROUTER.md): `npm run router:coprocessor`.
import { authConfig } from '../../gateway/auth/authConfig.ts';
import { tokenCoprocessorServer, tokenStages } from './tokenCoprocessor.ts';

const port = Number(process.argv[2] ?? 4010);
tokenCoprocessorServer(tokenStages(await authConfig())).listen(port, '127.0.0.1', () =>
  console.log(`token coprocessor on http://127.0.0.1:${port}`),
);
