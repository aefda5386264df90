// The README's Layout lists every folder of the repository, so a newcomer finds each one there.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

it('lists every folder in the README’s Layout', () => {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const layout = /## Layout\n+```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  }).split('\n');
  const folders = new Set(
    files
      .map((file) => dirname(file))
      .filter((dir) => dir !== '.')
      // Folders down to three levels; deeper ones belong to the folder above them.
      .map((dir) => dir.split('/').slice(0, 3).join('/'))
      .map((dir) =>
        dir.replace(new RegExp(`^subgraphs/(${SUBGRAPH_NAMES.join('|')})$`), 'subgraphs/<name>'),
      )
      .filter((dir) => !dir.startsWith('db/migrations/') && !/^bench\/[^/]+\/.+/.test(dir)),
  );
  const missing = [...folders].filter((dir) => !layout.includes(`${dir}/`));
  expect(missing).toEqual([]);
});
