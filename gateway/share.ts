import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { qrPng } from './shares/qrPng.ts';
import { discloseOnly } from './shares/shareCredential.ts';

/**
 * The citizen's side of a share credential, offline (no key is needed to withhold claims):
 *   npm run share -- disclose <credential> <field,field…>   prints it with only those claims
 *   npm run share -- qr <credential> --out <file.png>        writes it as a QR code
 */
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' } },
});
const [command, credential, fields] = positionals;

if (!credential) throw new Error('pass the credential after the command');
if (command === 'disclose') {
  if (!fields) throw new Error('name the fields to disclose, e.g. fullName,dateOfBirth');
  process.stdout.write(`${await discloseOnly(credential, fields.split(',').filter(Boolean))}\n`);
} else if (command === 'qr') {
  if (!values.out) throw new Error('name the PNG to write with --out');
  writeFileSync(values.out, await qrPng(credential));
} else {
  throw new Error('command: disclose | qr');
}
