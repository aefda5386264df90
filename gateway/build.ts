import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

/**
 * Each module keeps finding its files (SDL, migrations, keys) where they are in the source tree:
 * `import.meta.url` is replaced by the module's own source URL before bundling.
 */
const sourceLocations: Plugin = {
  name: 'source-locations',
  setup(context) {
    context.onLoad({ filter: /\.ts$/ }, async ({ path }) => ({
      contents: (await readFile(path, 'utf8')).replaceAll(
        'import.meta.url',
        JSON.stringify(pathToFileURL(path).href),
      ),
      loader: 'ts',
    }));
  },
};

/** Entry points by output name, e.g. `{ gateway: 'gateway/index.ts' }`. */
export async function bundle(entryPoints: Record<string, string>, outdir: string): Promise<void> {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    plugins: [sourceLocations],
    logLevel: 'warning',
  });
}

export const PRODUCTION_ENTRIES = {
  gateway: 'gateway/index.ts',
  start: 'deploy/local/start.ts',
  population: 'subgraphs/population/index.ts',
  health_insurance: 'subgraphs/health_insurance/index.ts',
  driving: 'subgraphs/driving/index.ts',
  vehicles: 'subgraphs/vehicles/index.ts',
  tax: 'subgraphs/tax/index.ts',
};

if (import.meta.url === `file://${process.argv[1]}`) {
  await bundle(PRODUCTION_ENTRIES, 'dist');
  console.log(
    `built ${Object.keys(PRODUCTION_ENTRIES)
      .map((n) => `dist/${n}.mjs`)
      .join(', ')}`,
  );
}
