import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { newHolderKey } from './shares/holderKey.ts';
import { bindPresentation } from './shares/keyBinding.ts';
import { qrPng } from './shares/qrPng.ts';
import { discloseOnly } from './shares/shareCredential.ts';

/**
 * The citizen's side of a share credential, offline:
 *   npm run share -- disclose <credential> <field,field…>   prints it with only those claims
 *   npm run share -- qr <credential> --out <file.png>        writes it as a QR code
 * and, for a credential bound to the holder's key (`holderKey` at issue):
 *   npm run share -- key --out <holder.jwk> [--alg EdDSA]   writes a new private key, prints its public JWK
 *   npm run share -- present <credential> --key <holder.jwk> --audience <clientId> --nonce=<nonce>
 *        [--disclose field,field…]   prints it with a key-binding JWT for that grantee and nonce
 * (`--nonce=` with the equals sign: a base64url nonce may begin with "-", which parseArgs would
 * otherwise take for an option)
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string' },
    alg: { type: 'string', default: 'ES256' },
    key: { type: 'string' },
    audience: { type: 'string' },
    nonce: { type: 'string' },
    disclose: { type: 'string' },
  },
});
const [command, credential, fields] = positionals;
const list = (names: string) => names.split(',').filter(Boolean);

if (command === 'key') {
  if (!values.out) throw new Error('name the file for the private key with --out');
  if (values.alg !== 'ES256' && values.alg !== 'EdDSA') throw new Error('--alg: ES256 or EdDSA');
  const { privateJwk, publicJwk } = await newHolderKey(values.alg);
  writeFileSync(values.out, `${JSON.stringify(privateJwk)}\n`, { mode: 0o600 });
  process.stdout.write(`${JSON.stringify(publicJwk)}\n`);
} else if (!credential) {
  throw new Error('pass the credential after the command');
} else if (command === 'disclose') {
  if (!fields) throw new Error('name the fields to disclose, e.g. fullName,dateOfBirth');
  process.stdout.write(`${await discloseOnly(credential, list(fields))}\n`);
} else if (command === 'qr') {
  if (!values.out) throw new Error('name the PNG to write with --out');
  writeFileSync(values.out, await qrPng(credential));
} else if (command === 'present') {
  const { key, audience, nonce, disclose } = values;
  if (!key || !audience || !nonce)
    throw new Error('present needs --key <holder.jwk> --audience <clientId> --nonce=<nonce>');
  const privateJwk = JSON.parse(readFileSync(key, 'utf8'));
  const options = { audience, nonce, disclose: disclose ? list(disclose) : undefined };
  process.stdout.write(`${await bindPresentation(credential, privateJwk, options)}\n`);
} else {
  throw new Error('command: disclose | qr | key | present');
}
