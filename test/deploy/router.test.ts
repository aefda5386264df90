// The Apollo Router configuration: it routes every subgraph of the committed supergraph, uses only
// the Router keys docs/ROUTER.md lists (and the doc lists only keys it uses), and carries what the
// subgraph token contract needs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { SUBGRAPH_NAMES, SUPERGRAPH_URL } from '../../schema/subgraphs.ts';

const ROUTER_YAML = new URL('../../deploy/router/router.yaml', import.meta.url);
const ROUTER_DOC = readFileSync(new URL('../../docs/ROUTER.md', import.meta.url), 'utf8');

const document = parseDocument(readFileSync(ROUTER_YAML, 'utf8'));
// biome-ignore lint/suspicious/noExplicitAny: the configuration is checked key by key below
const config = document.toJS() as Record<string, any>;

/** Subgraph names as the supergraph declares them (`@join__graph(name: …)`). */
const supergraphSubgraphs = [
  ...readFileSync(SUPERGRAPH_URL, 'utf8').matchAll(/@join__graph\(name: "([^"]+)"/g),
].map((m) => m[1] as string);

/** Keys whose children are names of ours, not Router keys. */
const NAMED_CHILDREN: Record<string, string> = { override_subgraph_url: '<subgraph>' };

/** Every key path of a configuration: `a.b.c`, `[]` for a list's items. */
function keyPaths(value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keyPaths(item, `${path}[]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => {
      const name = NAMED_CHILDREN[path] ?? key;
      return keyPaths(child, path ? `${path}.${name}` : name);
    });
  }
  return [path];
}

/** The first column of the doc's "Keys used" table. */
const documentedKeys = (doc: string): string[] => {
  const section = doc.split('## Keys used')[1] ?? '';
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1] as string);
};

describe('deploy/router/router.yaml', () => {
  it('parses as YAML', () => {
    expect(document.errors).toEqual([]);
  });

  it('gives every agency subgraph of the supergraph its URL, and no other', () => {
    expect(supergraphSubgraphs.length).toBe(6);
    // The forms subgraph lives inside the Node gateway's process: the Router has nowhere to send it.
    const agencies = supergraphSubgraphs.filter((name) => name !== 'forms');
    expect(agencies).toEqual([...SUBGRAPH_NAMES].sort());
    expect(Object.keys(config.override_subgraph_url).sort()).toEqual(agencies);
    for (const name of agencies) {
      const url = config.override_subgraph_url[name] as string;
      const fallback = /:-(http[^}]+)\}$/.exec(url)?.[1] ?? url;
      expect(new URL(fallback).pathname, name).toBe('/graphql');
      expect(url, name).toContain(`SUBGRAPH_URL_${name.toUpperCase()}`);
    }
  });

  it('uses exactly the Router keys docs/ROUTER.md lists', () => {
    const used = [...new Set(keyPaths(config))].sort();
    expect(used).toEqual([...documentedKeys(ROUTER_DOC)].sort());
  });

  it('finds a key the doc does not list', () => {
    const extra = keyPaths({ ...config, cors: { allow_any_origin: true } });
    const documented = new Set(documentedKeys(ROUTER_DOC));
    expect(extra.filter((key) => !documented.has(key))).toEqual(['cors.allow_any_origin']);
  });

  it('gives the coprocessor what the subgraph token needs, and clients the access errors', () => {
    const { request } = config.coprocessor.subgraph.all;
    // `all`: context keys under their current names (`apollo::authentication::jwt_claims`).
    expect(request).toMatchObject({ headers: true, context: 'all', service_name: true });
    expect(config.coprocessor.router.request).toMatchObject({ headers: true, context: 'all' });
    expect(config.authentication.router.jwt.jwks.length).toBeGreaterThan(0);
    expect(config.include_subgraph_errors.all).toBe(true);
  });

  it('is the command docs/ROUTER.md gives, on the committed supergraph', () => {
    expect(ROUTER_DOC).toContain(
      'router --config deploy/router/router.yaml --supergraph schema/supergraph.graphql',
    );
  });
});
