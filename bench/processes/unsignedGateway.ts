// Our gateway as gateway/index.ts starts it, except that prefill answers are not signed: the
// benchmark's `ours+access+unsigned`, which measures what signing costs. Production has no such
// switch; only this bench process passes the stand-in.

import { startGateway } from '../../gateway/app.ts';
import { authConfig } from '../../gateway/auth/authConfig.ts';
import { gatewayConfig } from '../../gateway/config.ts';
import { accessControlOff } from '../../kernel/access/accessControlOff.ts';
import { InFlightLimit } from '../../kernel/inFlightLimit.ts';

const config = gatewayConfig();
const gateway = await startGateway({
  ...config,
  auth: accessControlOff() ? null : await authConfig(),
  limit: new InFlightLimit(config.maxInFlight, config.maxQueued),
  sign: () => [Buffer.from('unsigned')],
});
console.log(`ready ${gateway.url}`);
