import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);

// In a process of its own, whose module cache holds only what the gateway's modules load.
const PROBE = `
  import { readFileSync } from 'node:fs';
  import { createRequire } from 'node:module';
  import { types } from 'node:util';
  await import('./gateway/app.ts');
  const { ApolloGateway, DEFERRED_MODULES } = await import('./gateway/apolloGateway.ts');
  const require = createRequire(import.meta.url);
  const loaded = ['ioredis', 'qrcode', '@opentelemetry/sdk-trace-node'].filter((name) => require.cache[require.resolve(name)]);
  const fromGateway = createRequire(require.resolve('@apollo/gateway'));
  const deferred = () =>
    DEFERRED_MODULES.filter((name) => types.isProxy(require.cache[fromGateway.resolve(name)]?.exports));
  const gateway = new ApolloGateway({ supergraphSdl: readFileSync('schema/supergraph.graphql', 'utf8') });
  await gateway.load();
  const afterLoad = deferred();
  const meterProvider = typeof fromGateway('@opentelemetry/sdk-metrics').MeterProvider;
  await gateway.stop();
  console.log(JSON.stringify({ loaded, afterLoad, meterProvider, afterUse: deferred() }));
`;

interface Probe {
  loaded: string[];
  afterLoad: string[];
  meterProvider: string;
  afterUse: string[];
}

describe("the gateway's modules at start-up", () => {
  let probe: Probe;
  beforeAll(async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', PROBE],
      { env: { ...process.env, APOLLO_TELEMETRY_DISABLED: 'true' } },
    );
    probe = JSON.parse(stdout.trim().split('\n').at(-1) as string);
  });

  it('leave Redis’s client, the QR encoder and the tracing SDK unloaded until they are needed', () => {
    expect(probe.loaded).toEqual([]);
  });

  it('leave @apollo/gateway’s telemetry and node-fetch unloaded, loading one when it is used', () => {
    expect(probe.afterLoad).toEqual([
      '@opentelemetry/sdk-metrics',
      '@opentelemetry/exporter-metrics-otlp-http',
      '@opentelemetry/resource-detector-alibaba-cloud',
      '@opentelemetry/resource-detector-aws',
      '@opentelemetry/resource-detector-azure',
      '@opentelemetry/resource-detector-gcp',
      'node-fetch',
    ]);
    expect(probe.meterProvider).toBe('function');
    expect(probe.afterUse).toEqual(probe.afterLoad.slice(1));
  });

  it('take @apollo/gateway from its adapter only, so nothing loads it whole first', () => {
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return sources(path);
        return entry.name.endsWith('.ts') ? [path] : [];
      });
    const loaders = ['gateway', 'kernel', 'schema', 'deploy']
      .flatMap(sources)
      .filter((file) =>
        /^import (?!type )[^;]*from '@apollo\/gateway'/m.test(readFileSync(file, 'utf8')),
      );
    expect(loaders).toEqual([]);
  });
});
