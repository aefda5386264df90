import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { type Route, send } from '../../kernel/http.ts';

const require = createRequire(import.meta.url);

/** The page, its script and ECharts, served by the gateway itself: no CDN on closed networks. */
const FILES: Record<string, { file: string; type: string }> = {
  '/dashboard': { file: new URL('./page.html', import.meta.url).pathname, type: 'text/html' },
  '/dashboard/app.js': {
    file: new URL('./app.js', import.meta.url).pathname,
    type: 'text/javascript',
  },
  '/dashboard/query.js': {
    file: new URL('./query.js', import.meta.url).pathname,
    type: 'text/javascript',
  },
  '/dashboard/echarts.min.js': {
    file: require.resolve('echarts/dist/echarts.min.js'),
    type: 'text/javascript',
  },
};

const HEADERS = {
  'cache-control': 'no-cache',
  'x-content-type-options': 'nosniff',
  // The page talks to its own gateway only; the token travels in the URL fragment, never sent.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
  'referrer-policy': 'no-referrer',
};

/**
 * GET /dashboard and its assets, read from disk on each request: ECharts alone is 2 MB, which
 * every gateway held from start-up for a page an analyst opens now and then.
 */
export function dashboardRoutes(): Route[] {
  return Object.entries(FILES).map(([path, { file, type }]) => ({
    method: 'GET' as const,
    path,
    handle: async (_req, res) =>
      send(
        res,
        200,
        { ...HEADERS, 'content-type': `${type}; charset=utf-8` },
        await readFile(file),
      ),
  }));
}
