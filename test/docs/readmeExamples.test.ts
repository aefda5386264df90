// The README's shell examples, run as printed (only the gateway's port differs) against the whole
// system started on the default data, and their answers checked against what the README shows.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { test as base, expect, inject } from 'vitest';
import { DEFAULT_SEED_COUNT } from '../../db/config.ts';
import { prepareDatabase } from '../../db/prepare.ts';
import { startSystem } from '../../deploy/local/system.ts';
import { devIssuer } from '../../gateway/auth/issuers.ts';
import { loadOrCreateDevKeys } from '../../kernel/devKeys.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const README = readFileSync(join(root, 'README.md'), 'utf8');
const README_URL = 'http://127.0.0.1:4000/graphql';
const README_ORIGIN = 'http://127.0.0.1:4000';

interface Example {
  /** The shell block, as printed. */
  script: string;
  /** What the README shows after each curl, in order: a comment, or the JSON block that follows. */
  shown: (string | null)[];
}

/** Every ```sh block of the README that calls curl, with what the README says each call answers. */
function examples(): Example[] {
  const blocks = [...README.matchAll(/```sh\n([\s\S]*?)```\n(?:\n[^`]*?```json\n([\s\S]*?)```)?/g)];
  return blocks
    .filter((m) => (m[1] as string).includes('curl '))
    .map((m) => {
      const script = m[1] as string;
      const chunks = script.split(/^(?=curl )/m).slice(1);
      const shown = chunks.map((chunk) => {
        const comment = chunk
          .split('\n')
          .filter((line) => line.startsWith('# →') || line.startsWith('#  '))
          .map((line) => line.replace(/^# →?\s*/, ''))
          .join(' ');
        return comment || null;
      });
      if (m[2] && shown.at(-1) === null) shown[shown.length - 1] = (m[2] as string).trim();
      return { script, shown };
    });
}

/** `expected` with `…` elisions matches `actual`: objects key by key, arrays as prefixes. */
function matches(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      expected.length <= actual.length &&
      expected.every((e, i) => matches(actual[i], e))
    );
  }
  if (expected && typeof expected === 'object') {
    return (
      !!actual &&
      typeof actual === 'object' &&
      Object.entries(expected).every(([k, v]) => matches((actual as Record<string, unknown>)[k], v))
    );
  }
  return actual === expected;
}

/** The answer the README shows, as JSON with its `…` elisions dropped, or else a fragment. */
function parseShown(shown: string): { json: unknown } | { fragment: string } {
  const jsonText = shown.replace(/,\s*…/g, '');
  try {
    return { json: JSON.parse(jsonText) };
  } catch {
    return { fragment: (/\{[^…]*/.exec(shown)?.[0] ?? shown).replace(/,$/, '') };
  }
}

interface Answer {
  status: string;
  body: string;
}

/**
 * Runs `script` in bash with curl's answers recorded in order; returns them and its output. The
 * system answers from this process, so the script must run asynchronously.
 */
async function run(script: string, url: string): Promise<{ answers: Answer[]; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cg-readme-'));
  // Each answer is recorded and still printed, so that pipes and $(curl …) work as printed.
  // The count lives in a file: a curl in a pipeline or $(…) runs in a subshell.
  const recorder = `echo 0 > "${dir}/n"; curl() { local n=$(($(cat "${dir}/n") + 1)); echo $n > "${dir}/n"; command curl --max-time 60 "$@" -o "${dir}/$n.body" -w '%{http_code}' > "${dir}/$n.status"; cat "${dir}/$n.body"; }\n`;
  const { stdout: output } = await promisify(execFile)(
    'bash',
    [
      '-euo',
      'pipefail',
      '-c',
      recorder + script.replaceAll(README_URL, url).replaceAll(README_ORIGIN, new URL(url).origin),
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '' },
      timeout: 300_000,
    },
  );
  const count = (script.match(/^curl /gm) ?? []).length;
  const answers = Array.from({ length: count }, (_, k) => ({
    status: readFileSync(join(dir, `${k + 1}.status`), 'utf8'),
    body: readFileSync(join(dir, `${k + 1}.body`), 'utf8'),
  }));
  return { answers, output };
}

/** The README's default data on a database of its own (PostgreSQL when configured, else PGlite). */
async function openDefaultData() {
  const url = inject('testDatabaseUrl');
  if (!url) return prepareDatabase({ seedCount: DEFAULT_SEED_COUNT });
  const own = new URL(url);
  own.pathname = `${own.pathname}_readme`;
  const name = own.pathname.slice(1);
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  return prepareDatabase({ url: own.toString(), seedCount: DEFAULT_SEED_COUNT });
}

const test = base.extend<{ gatewayUrl: string }>({
  gatewayUrl: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest reads a fixture's dependencies from it
    async ({}, use) => {
      const database = await openDefaultData();
      const keys = await loadOrCreateDevKeys(); // the keys `npm run token` signs with
      const auth = { issuers: [devIssuer(keys)], gatewaySecret: keys.gatewaySecret };
      const system = await startSystem({ database, auth, port: 0 });
      try {
        await use(system.url);
      } finally {
        await system.stop();
        await database.close();
      }
    },
    { scope: 'file' },
  ],
});

test('the README has curl examples with the answers they give', () => {
  const found = examples();
  expect(found.length).toBeGreaterThanOrEqual(2);
  expect(found.flatMap((e) => e.shown).filter(Boolean).length).toBeGreaterThanOrEqual(3);
});

// One shell session, as a reader pastes the examples one after another (later ones use $TOKEN).
test('the README’s examples run as printed and answer what the README shows', async ({
  gatewayUrl,
}) => {
  const found = examples();
  const { answers, output } = await run(found.map((e) => e.script).join('\n'), gatewayUrl);
  expect(output).toContain('086175128486'); // npm run db -- samples
  expect(answers.map((a) => a.status)).toEqual(answers.map(() => '200'));
  const shown = found.flatMap((e) => e.shown);
  expect(answers).toHaveLength(shown.length);
  answers.forEach((answer, k) => {
    const expected = shown[k] ? parseShown(shown[k]) : null;
    // A fragment is looked for in the raw answer, which need not be JSON (`# → PNG`).
    const body = () => JSON.parse(answer.body) as { errors?: unknown[] };
    if (!expected) expect(body().errors, answer.body).toBeUndefined();
    else if ('json' in expected) expect(matches(body(), expected.json), answer.body).toBe(true);
    else expect(answer.body).toContain(expected.fragment);
  });
}, 300_000); // each `npm run token` starts tsx: seconds apiece on a loaded machine
