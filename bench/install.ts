// The bench's own dependencies (Hive Gateway, autocannon) are not the product's: the bench scripts
// run this first, and it installs them into bench/node_modules from bench/package-lock.json when
// they are missing or older than the lockfile.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const installed = new URL('node_modules/.package-lock.json', import.meta.url);
const lockfile = new URL('package-lock.json', import.meta.url);

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lockfile).mtimeMs) {
  console.log('Installing the bench dependencies (bench/package-lock.json)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: dir,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
