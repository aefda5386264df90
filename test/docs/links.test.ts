// Every relative link in the README and the docs points at a file that exists, and every #anchor
// at a heading of that file (GitHub's slugs).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const markdownIn = (dir: string) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(dir, name));
const DOCUMENTS = ['README.md', ...markdownIn('docs'), ...markdownIn('bench')];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => slug(m[1] as string)));
}

function linksOf(file: string): string[] {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z]+:/i.test(target));
}

describe('links in the README and docs', () => {
  it.each(DOCUMENTS)('%s links only to files and headings that exist', (document) => {
    const from = join(root, document);
    const broken: string[] = [];
    for (const link of linksOf(from)) {
      const [path, anchor] = link.split('#') as [string, string | undefined];
      const target = path === '' ? from : join(dirname(from), path);
      if (!existsSync(target)) broken.push(`${link} (no ${relative(root, target)})`);
      else if (anchor !== undefined && !anchorsOf(target).has(anchor)) {
        broken.push(`${link} (no heading #${anchor})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('checks every document it should', () => {
    expect(DOCUMENTS).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/ARCHITECTURE.md',
        'docs/OPERATIONS.md',
        'bench/RESULTS.md',
        'bench/HISTORY.md',
      ]),
    );
  });
});
