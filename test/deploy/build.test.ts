// `npm run build` makes a dist/ that runs wherever it is moved: no path of the build machine in
// it, and a subgraph started from a moved copy in production mode migrates, listens and answers.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { bundle, PRODUCTION_ENTRIES } from '../../gateway/build.ts';
import { TEST_POPULATION } from '../support/backends.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );

describe('the production build', () => {
  const work = mkdtempSync(join(tmpdir(), 'citizen-graph-build-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('holds no absolute source path, and a subgraph runs from it moved elsewhere', async () => {
    await bundle(PRODUCTION_ENTRIES, join(work, 'built'), { relocatable: true });
    const moved = join(work, 'elsewhere');
    mkdirSync(moved);
    const dist = join(moved, 'dist');
    renameSync(join(work, 'built'), dist);
    symlinkSync(join(ROOT, 'node_modules'), join(moved, 'node_modules'));
    for (const file of files(dist)) expect(readFileSync(file, 'utf8')).not.toContain(ROOT);

    const keyFile = join(work, 'tax.key');
    writeFileSync(keyFile, randomBytes(32).toString('base64'));
    // Below Linux's ephemeral range (32768–60999): a port there can be taken by any outgoing
    // connection (a benchmark's, a pool's) between choosing it and the subgraph binding it.
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const url = inject('testDatabaseUrl');
    child = spawn(process.execPath, [join(dist, 'tax.mjs')], {
      cwd: work,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        SUBGRAPH_TOKEN_KEY_FILE: keyFile,
        PORT: String(port),
        SEED_COUNT: String(TEST_POPULATION),
        ...(url ? { DATABASE_URL: url } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const listening = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child?.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'listening' && entry.url) resolve(entry.url);
      });
      child?.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr.join('')}`)));
    });
    expect(listening).toBe(`http://127.0.0.1:${port}/graphql`);
    const response = await fetch(listening, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ _service { sdl } }' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
