import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEFAULT_SEED_COUNT, MAX_SEED_COUNT } from '../../db/config.ts';
import { envInt } from '../../db/env.ts';
import { samplePersonalIds } from '../../db/seed/samples.ts';
import { type Route, send } from '../../kernel/http.ts';
import { examples } from './examples.ts';
import { graphiqlPage } from './graphiqlPage.ts';

/** The browser files GraphiQL needs, served from node_modules: no CDN on a closed network. */
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': {
    pkg: 'react-dom',
    file: 'umd/react-dom.production.min.js',
    type: 'text/javascript',
  },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/**
 * GraphiQL at /graphiql, in development only: production images carry no development
 * dependencies, and NODE_ENV=production answers 404 like any unknown path.
 */
export function graphiqlRoutes(env: NodeJS.ProcessEnv = process.env): Route[] {
  if (env.NODE_ENV === 'production') return [];
  const require = createRequire(import.meta.url);
  const assets = new Map<string, { body: Buffer; type: string }>();
  const asset = (name: string) => {
    const known = ASSETS[name];
    if (!known) return undefined;
    let loaded = assets.get(name);
    if (!loaded) {
      const root = dirname(require.resolve(`${known.pkg}/package.json`));
      loaded = { body: readFileSync(join(root, known.file)), type: known.type };
      assets.set(name, loaded);
    }
    return loaded;
  };
  let page: string | undefined;
  return [
    {
      method: 'GET',
      path: '/graphiql',
      handle(_req, res) {
        if (page === undefined) {
          const [sample] = samplePersonalIds(
            envInt('SEED_COUNT', DEFAULT_SEED_COUNT, { max: MAX_SEED_COUNT }),
          );
          page = graphiqlPage(examples(sample?.personalId ?? '001099000001'));
        }
        send(res, 200, { 'content-type': 'text/html; charset=utf-8' }, page);
      },
    },
    {
      method: 'GET',
      path: '/graphiql/assets/',
      handle(_req, res, url) {
        const found = asset(url.pathname.slice('/graphiql/assets/'.length));
        if (!found) return send(res, 404, { 'content-type': 'text/plain' }, 'not found');
        res
          .writeHead(200, { 'content-type': found.type, 'cache-control': 'max-age=3600' })
          .end(found.body);
      },
    },
  ];
}
