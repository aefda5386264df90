// Dependencies are used through their public entry points. What only a library's internals offer
// goes through one adapter named for that library (subgraphs/shared/adapters/), so an upgrade that
// moves those internals breaks one small, tested file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FOLDERS = ['db', 'kernel', 'schema', 'subgraphs', 'gateway', 'deploy', 'bench', 'test'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.m?ts$/.test(entry.name) ? [path] : [];
  });
}

const files = [
  ...FOLDERS.flatMap(sourceFiles),
  ...readdirSync(ROOT).filter((name) => /\.m?ts$/.test(name)),
];

/** `file:line` of each line of each source file that matches `pattern`. */
const linesMatching = (pattern: RegExp) =>
  files.flatMap((file) =>
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}`] : [])),
  );

describe('dependencies', () => {
  it('are imported from their public entry points, never from a package’s dist/ files', () => {
    expect(linesMatching(/(?:from|import)\s*\(?\s*['"][^'".][^'"]*\/dist\//)).toEqual([]);
  });

  it('reach drizzle’s session only through the drizzle adapter', () => {
    const adapter = 'subgraphs/shared/adapters/drizzle.ts';
    const uses = linesMatching(/\._\.session/).map((at) => at.split(':')[0]);
    expect(uses).toEqual([adapter]);
  });
});
