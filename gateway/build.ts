import { cp, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The files the processes read at run time, copied beside a relocatable bundle. */
const RUNTIME_FILES = ['schema', 'db/migrations'];

/**
 * Each module keeps finding its files (SDL, migrations, keys) by `import.meta.url`, which the
 * bundle would change. In place (the benchmark), it becomes the module's source URL. Relocatable
 * (`npm run build`), it becomes the module's path in the source tree resolved against the bundle's
 * own URL, and the files are copied into the output under the same paths: no path of the build
 * machine is left in dist/, which runs wherever it is moved.
 */
const moduleLocations = (relocatable: boolean): Plugin => ({
  name: 'module-locations',
  setup(context) {
    context.onLoad({ filter: /\.ts$/ }, async ({ path }) => ({
      contents: (await readFile(path, 'utf8')).replaceAll(
        'import.meta.url',
        relocatable
          ? `new URL(${JSON.stringify(relative(ROOT, path))}, import.meta.url).href`
          : JSON.stringify(pathToFileURL(path).href),
      ),
      loader: 'ts',
    }));
  },
});

/** Entry points by output name, e.g. `{ gateway: 'gateway/index.ts' }`. */
export async function bundle(
  entryPoints: Record<string, string>,
  outdir: string,
  { relocatable = false } = {},
): Promise<void> {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    plugins: [moduleLocations(relocatable)],
    logLevel: 'warning',
  });
  if (!relocatable) return;
  for (const path of RUNTIME_FILES)
    await cp(join(ROOT, path), join(outdir, path), {
      recursive: true,
      filter: (p) => !p.endsWith('.ts'),
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
  await bundle(PRODUCTION_ENTRIES, 'dist', { relocatable: true });
  console.log(
    `built ${Object.keys(PRODUCTION_ENTRIES)
      .map((n) => `dist/${n}.mjs`)
      .join(', ')}`,
  );
}
