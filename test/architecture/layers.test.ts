import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Which top-level folders each one may import from. The kernel is the platform both the gateway and
 * the subgraphs stand on; neither of those two imports the other.
 */
const MAY_IMPORT: Record<string, string[]> = {
  db: [],
  // Copied by agency developers: it stands alone.
  examples: [],
  kernel: ['db'],
  schema: ['db', 'kernel'],
  subgraphs: ['db', 'kernel', 'schema'],
  gateway: ['db', 'kernel', 'schema'],
  deploy: ['db', 'kernel', 'schema', 'subgraphs', 'gateway'],
  bench: ['db', 'kernel', 'schema', 'subgraphs', 'gateway', 'deploy'],
  test: ['db', 'kernel', 'schema', 'subgraphs', 'gateway', 'deploy', 'bench', 'examples'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.m?ts$/.test(entry.name) ? [path] : [];
  });
}

/** Every relative import of every source file, as paths from the repository root. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of Object.keys(MAY_IMPORT).flatMap(sourceFiles)) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    const targets = [...source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map(
      (m) => relative(ROOT, resolve(ROOT, dirname(file), m[1] as string)),
    );
    graph.set(file, targets);
  }
  return graph;
}

const folderOf = (path: string) => path.split('/')[0] as string;

describe('the layers, as imports draw them', () => {
  const graph = importGraph();

  it('import only from the folders beneath them', () => {
    const crossings = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((t) => folderOf(t) !== folderOf(file))
        .filter((t) => !MAY_IMPORT[folderOf(file)]?.includes(folderOf(t)))
        .map((t) => `${file} -> ${t}`),
    );
    expect(crossings).toEqual([]);
  });

  it('have no import cycle between files', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
