// The deployment files parse and say what they must: every process has a Deployment with probes,
// resource limits and a non-root user, a Service and an autoscaler; only the gateway reaches the
// subgraphs; the compose file runs them all with PostgreSQL and Redis; the image runs as `node`.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { SUBGRAPH_NAMES } from '../../schema/subgraphs.ts';

const k8s = new URL('../../deploy/k8s/', import.meta.url);
const docker = new URL('../../deploy/docker/', import.meta.url);
const PROCESSES = ['gateway', ...SUBGRAPH_NAMES.map((n) => n.replaceAll('_', '-'))];

interface Manifest {
  kind: string;
  metadata: { name: string };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field below
  spec: any;
}

const manifests: Manifest[] = readdirSync(k8s)
  .filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')
  .flatMap((f) =>
    parseAllDocuments(readFileSync(new URL(f, k8s), 'utf8')).map((d) => {
      expect(d.errors, f).toEqual([]);
      return d.toJS() as Manifest;
    }),
  );
const find = (kind: string, name: string) =>
  manifests.find((m) => m.kind === kind && m.metadata.name === name);

describe('Kubernetes manifests', () => {
  it.each(PROCESSES)(
    'run %s with probes, limits, a non-root user, a Service and an HPA',
    (name) => {
      const deployment = find('Deployment', name);
      const pod = deployment?.spec.template.spec;
      const [container] = pod.containers;
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.resources.limits).toMatchObject({
        cpu: expect.any(String),
        memory: expect.any(String),
      });
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(find('Service', name)?.spec.selector).toEqual(deployment?.spec.selector.matchLabels);
      expect(find('HorizontalPodAutoscaler', name)?.spec.scaleTargetRef.name).toBe(name);
    },
  );

  it('point the gateway at every subgraph Service by name and port', () => {
    const env = find('Deployment', 'gateway')?.spec.template.spec.containers[0].env as {
      name: string;
      value?: string;
    }[];
    for (const name of SUBGRAPH_NAMES) {
      const service = find('Service', name.replaceAll('_', '-'));
      const url = env.find((e) => e.name === `SUBGRAPH_URL_${name.toUpperCase()}`)?.value;
      expect(url).toBe(`http://${service?.metadata.name}:${service?.spec.ports[0].port}/graphql`);
    }
  });

  it('let only the gateway (and monitoring) reach the subgraphs', () => {
    const policy = manifests.find((m) => m.kind === 'NetworkPolicy');
    expect(policy?.spec.podSelector.matchExpressions[0].values).toEqual(PROCESSES.slice(1));
    expect(policy?.spec.ingress[0].from[0].podSelector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'gateway',
    });
  });

  it('are all listed in the kustomization, with the keys as secrets', () => {
    const kustomization = parse(readFileSync(new URL('kustomization.yaml', k8s), 'utf8'));
    const files = readdirSync(k8s).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization.resources].sort()).toEqual(files.sort());
    expect(kustomization.secretGenerator[0].files).toEqual([
      'secrets/gateway.secret',
      ...SUBGRAPH_NAMES.map((n) => `secrets/${n}.key`),
    ]);
  });
});

describe('containers', () => {
  it('compose runs every process with PostgreSQL and Redis', () => {
    const compose = parse(readFileSync(new URL('compose.yaml', docker), 'utf8'));
    expect(Object.keys(compose.services).sort()).toEqual(
      ['postgres', 'redis', 'gateway', ...SUBGRAPH_NAMES].sort(),
    );
    for (const name of SUBGRAPH_NAMES)
      expect(compose.services.gateway.environment[`SUBGRAPH_URL_${name.toUpperCase()}`]).toMatch(
        new RegExp(`^http://${name}:\\d+/graphql$`),
      );
  });

  it('the image has a stage per process, running dist/ as the node user', () => {
    const dockerfile = readFileSync(new URL('Dockerfile', docker), 'utf8');
    for (const name of ['gateway', ...SUBGRAPH_NAMES]) {
      expect(dockerfile).toMatch(new RegExp(`^FROM runtime AS ${name}$`, 'm'));
      expect(dockerfile).toContain(`dist/${name}.mjs`);
    }
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('npm ci --omit=dev');
  });
});
