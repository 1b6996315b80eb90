import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../shared/src/config';
import { parseUrlAllowlist, urlRefusal } from '../../shared/src/net/url-allowlist';
import { formatEnvFile, generateKeys } from '../../scripts/keys';
import { validateObjects, validateSchemas, validateStrict } from '../support/k8s-validate';
import { applyJsonPatch, kustomize, type K8sObject } from '../support/kustomize';

/**
 * deploy/k8s rendered as kustomize would render it (base, and the local overlay with keys made by
 * `trellis keys`), validated against the Kubernetes schemas, then checked for what the schemas
 * cannot know: probes, non-root, read-only root filesystems, a autoscaler and a disruption budget
 * per Deployment, references that resolve, and network policies that let only the gateway reach
 * the subgraphs. Each check is also shown to fail on a manifest that breaks it.
 */
const repo = path.resolve(__dirname, '../..');
const SERVICES = ['gateway', 'brands', 'inventory', 'partners', 'platform'] as const;
const SUBGRAPHS = ['brands', 'inventory', 'partners', 'platform'];
let work: string;
let base: K8sObject[];
let local: K8sObject[];

beforeAll(async () => {
  // A copy of deploy/k8s with the local overlay's secrets made, as its instructions say.
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-k8s-'));
  fs.cpSync(path.join(repo, 'deploy/k8s'), work, { recursive: true });
  const secrets = path.join(work, 'overlays/local/secrets');
  fs.rmSync(secrets, { recursive: true, force: true });
  fs.mkdirSync(secrets);
  const { files } = await generateKeys({ subgraphs: SUBGRAPHS, localPostgres: true });
  for (const [name, entries] of Object.entries(files)) fs.writeFileSync(path.join(secrets, name), formatEnvFile(entries));
  base = kustomize(path.join(work, 'base'));
  local = kustomize(path.join(work, 'overlays/local'));
}, 60_000);
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

type Container = {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name: string; key: string } } }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown> & { capabilities?: { drop?: string[] } };
};
type Probe = { httpGet?: { path: string; port: string | number }; exec?: unknown };
type PodSpec = {
  containers: Container[];
  securityContext?: Record<string, unknown> & { seccompProfile?: { type: string } };
  enableServiceLinks?: boolean;
  automountServiceAccountToken?: boolean;
  volumes?: { name: string }[];
};
type Workload = K8sObject & { spec: { selector: { matchLabels: Record<string, string> }; template: { metadata: { labels: Record<string, string> }; spec: PodSpec } } };

const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const workloads = (objects: K8sObject[]) => objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as Workload[];
const named = <T extends K8sObject>(objects: T[], name: string) => objects.find((o) => o.metadata.name === name)!;
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
const withDeployment = (objects: K8sObject[], name: string, change: (d: Workload) => void) =>
  objects.map((o) => {
    if (o.kind !== 'Deployment' || o.metadata.name !== name) return o;
    const copy = structuredClone(o) as Workload;
    change(copy);
    return copy;
  });

/** What a Trellis Deployment must be beyond its schema; one line per problem. */
function workloadProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const d of workloads(objects)) {
    const name = `${d.kind}/${d.metadata.name}`;
    const pod = d.spec.template.spec;
    if (!selects(d.spec.selector.matchLabels, d.spec.template.metadata.labels)) problems.push(`${name}: its selector does not select its own pods`);
    if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${name}: runAsNonRoot is not set`);
    if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') problems.push(`${name}: no RuntimeDefault seccomp profile`);
    if (pod.enableServiceLinks !== false) problems.push(`${name}: service links on (they set <NAME>_PORT=tcp://…)`);
    if (pod.automountServiceAccountToken !== false) problems.push(`${name}: mounts a service account token it does not use`);
    for (const c of pod.containers) {
      const sc = c.securityContext ?? {};
      if (sc.readOnlyRootFilesystem !== true) problems.push(`${name}/${c.name}: the root filesystem is writable`);
      if (sc.allowPrivilegeEscalation !== false) problems.push(`${name}/${c.name}: privilege escalation allowed`);
      if (!sc.capabilities?.drop?.includes('ALL')) problems.push(`${name}/${c.name}: capabilities not dropped`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) problems.push(`${name}/${c.name}: needs cpu and memory requests and a memory limit`);
      if (!c.readinessProbe) problems.push(`${name}/${c.name}: no readiness probe`);
      if (!c.livenessProbe) problems.push(`${name}/${c.name}: no liveness probe`);
      const portNames = new Set((c.ports ?? []).map((p) => p.name));
      for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) {
        const port = probe?.httpGet?.port;
        if (typeof port === 'string' && !portNames.has(port)) problems.push(`${name}/${c.name}: a probe names port ${port}, which the container does not have`);
      }
    }
    if (d.metadata.labels?.['app.kubernetes.io/part-of'] === 'trellis' && d.metadata.labels['app.kubernetes.io/component'] !== 'database') {
      const c = pod.containers[0]!;
      const component = d.metadata.labels['app.kubernetes.io/component'];
      const [readiness, liveness] = component === 'gateway' ? ['/readyz', '/healthz'] : ['/health', '/health'];
      if (c.readinessProbe?.httpGet?.path !== readiness) problems.push(`${name}: readiness must ask ${readiness}`);
      if (c.livenessProbe?.httpGet?.path !== liveness) problems.push(`${name}: liveness must ask ${liveness}`);
      const hpa = ofKind(objects, 'HorizontalPodAutoscaler').filter((h) => (h.spec as { scaleTargetRef: { kind: string; name: string } }).scaleTargetRef.name === d.metadata.name);
      if (hpa.length !== 1) problems.push(`${name}: needs one HorizontalPodAutoscaler, has ${hpa.length}`);
      const pdbs = ofKind(objects, 'PodDisruptionBudget').filter((p) => selects((p.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels, d.spec.template.metadata.labels));
      if (pdbs.length !== 1) problems.push(`${name}: needs one PodDisruptionBudget, has ${pdbs.length}`);
    }
  }
  return problems;
}

/** Every Service selects pods and targets a port they have; every ConfigMap/Secret a pod reads exists, with the keys it reads. */
function referenceProblems(objects: K8sObject[], provided: Set<string> = new Set()): string[] {
  const problems: string[] = [];
  const data = (kind: 'ConfigMap' | 'Secret', name: string) => {
    const o = objects.find((x) => x.kind === kind && x.metadata.name === name) as (K8sObject & { data?: Record<string, string> }) | undefined;
    return o ? (o.data ?? {}) : provided.has(`${kind}/${name}`) ? undefined : null;
  };
  for (const d of workloads(objects)) {
    for (const c of d.spec.template.spec.containers) {
      for (const from of c.envFrom ?? []) {
        const [kind, name] = from.configMapRef ? (['ConfigMap', from.configMapRef.name] as const) : (['Secret', from.secretRef!.name] as const);
        if (data(kind, name) === null) problems.push(`${d.metadata.name}: reads ${kind} ${name}, which is not there`);
      }
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
        if (!ref) continue;
        const values = data(e.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap', ref.name);
        if (values === null) problems.push(`${d.metadata.name}: ${e.name} reads ${ref.name}, which is not there`);
        else if (values && !(ref.key in values) && !(ref as { optional?: boolean }).optional) problems.push(`${d.metadata.name}: ${e.name} reads ${ref.name}.${ref.key}, which has no such key`);
      }
    }
  }
  for (const s of ofKind(objects, 'Service') as (K8sObject & { spec: { selector: Record<string, string>; ports: { port: number; targetPort: string | number }[] } })[]) {
    const pods = workloads(objects).filter((d) => selects(s.spec.selector, d.spec.template.metadata.labels));
    if (pods.length !== 1) problems.push(`Service/${s.metadata.name}: selects ${pods.length} workloads`);
    for (const p of s.spec.ports) {
      const ports = pods.flatMap((d) => d.spec.template.spec.containers.flatMap((c) => c.ports ?? []));
      if (!ports.some((cp) => cp.name === p.targetPort || cp.containerPort === p.targetPort)) problems.push(`Service/${s.metadata.name}: targets port ${p.targetPort}, which its pods do not have`);
    }
  }
  for (const o of [...ofKind(objects, 'HorizontalPodAutoscaler')] as (K8sObject & { spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number } })[]) {
    if (!objects.some((d) => d.kind === o.spec.scaleTargetRef.kind && d.metadata.name === o.spec.scaleTargetRef.name)) problems.push(`${o.metadata.name}: scales ${o.spec.scaleTargetRef.name}, which is not there`);
    if (o.spec.minReplicas > o.spec.maxReplicas) problems.push(`${o.metadata.name}: minReplicas above maxReplicas`);
  }
  return problems;
}

type Rule = { from?: { podSelector?: { matchLabels?: Record<string, string> }; namespaceSelector?: unknown; ipBlock?: unknown }[]; ports?: { port: string | number }[] };
type Policy = K8sObject & { spec: { podSelector: { matchLabels?: Record<string, string> }; policyTypes?: string[]; ingress?: Rule[] } };

/** Who may open a connection to pods with these labels: 'anyone', or the label sets of the pods allowed; denied when no policy lets anyone. */
function ingressTo(objects: K8sObject[], labels: Record<string, string>): 'anyone' | Record<string, string>[] {
  const policies = (ofKind(objects, 'NetworkPolicy') as Policy[]).filter((p) => selects(p.spec.podSelector.matchLabels ?? {}, labels) && (p.spec.policyTypes ?? ['Ingress']).includes('Ingress'));
  if (policies.length === 0) return 'anyone';
  const allowed: Record<string, string>[] = [];
  for (const rule of policies.flatMap((p) => p.spec.ingress ?? [])) {
    if (!rule.from?.length) return 'anyone';
    for (const peer of rule.from) {
      if (peer.ipBlock || peer.namespaceSelector || !peer.podSelector) return 'anyone';
      allowed.push(peer.podSelector.matchLabels ?? {});
    }
  }
  return allowed;
}

function networkProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  const pods = workloads(objects).map((d) => ({ name: d.metadata.name, labels: d.spec.template.metadata.labels }));
  const gateway = pods.find((p) => p.labels['app.kubernetes.io/component'] === 'gateway')!;
  for (const subgraph of pods.filter((p) => p.labels['app.kubernetes.io/component'] === 'subgraph')) {
    const allowed = ingressTo(objects, subgraph.labels);
    if (allowed === 'anyone') problems.push(`${subgraph.name}: anyone may connect`);
    else {
      const peers = pods.filter((p) => allowed.some((selector) => selects(selector, p.labels))).map((p) => p.name);
      if (peers.join() !== gateway.name) problems.push(`${subgraph.name}: reachable from ${peers.join(', ') || 'nobody'}, not the gateway alone`);
    }
  }
  if (ingressTo(objects, gateway.labels) !== 'anyone') problems.push(`${gateway.name}: clients and subgraphs cannot reach it`);
  return problems;
}

describe('deploy/k8s', () => {
  it('renders: the base, and the local overlay with its generated keys', () => {
    const kinds = (objects: K8sObject[]) => [...new Set(objects.map((o) => o.kind))].sort();
    expect(kinds(base)).toEqual(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PodDisruptionBudget', 'Service']);
    expect(ofKind(base, 'Deployment').map((d) => d.metadata.name).sort()).toEqual(SERVICES.map((s) => `trellis-${s}`).sort());
    expect(kinds(local)).toEqual(['ConfigMap', 'Deployment', 'HorizontalPodAutoscaler', 'Namespace', 'NetworkPolicy', 'PodDisruptionBudget', 'Secret', 'Service', 'StatefulSet']);
    expect(local.filter((o) => o.kind !== 'Namespace').every((o) => o.metadata.namespace === 'trellis')).toBe(true);
  });

  it('validates against the Kubernetes schemas', () => {
    expect(validateObjects(base)).toEqual([]);
    expect(validateObjects(local)).toEqual([]);
  });

  it('the validation fails on an unknown field, a wrong type, a bad quantity or a missing required field', () => {
    const gateway = named(base, 'trellis-gateway');
    const typo = withDeployment([gateway], 'trellis-gateway', (d) => {
      const c = d.spec.template.spec.containers[0] as Container & { readinesProbe?: unknown };
      c.readinesProbe = c.readinessProbe;
    });
    expect(validateStrict(typo)).toEqual([expect.stringMatching(/^Deployment\/trellis-gateway .*'"readinesProbe"' does not exist in type 'Container'/)]);
    const wrongType = withDeployment([gateway], 'trellis-gateway', (d) => ((d.spec.template.spec.containers[0]!.ports![0] as { containerPort: unknown }).containerPort = 'http'));
    expect(validateSchemas(wrongType).join()).toMatch(/containerPort must be integer/);
    const quantity = withDeployment([gateway], 'trellis-gateway', (d) => (d.spec.template.spec.containers[0]!.resources!.limits!.memory = 'lots'));
    expect(validateSchemas(quantity).join()).toMatch(/memory must match format "quantity"/);
    const noSelector = withDeployment([gateway], 'trellis-gateway', (d) => delete (d.spec as Partial<Workload['spec']>).selector);
    expect(validateSchemas(noSelector).join()).toMatch(/spec must have required property selector/);
    expect(validateObjects([{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } }])).toEqual(['Pod/x: v1/Pod is not a kind these checks know']);
  });

  it('runs every service non-root on a read-only root filesystem, with probes, resources, an autoscaler and a disruption budget', () => {
    expect(workloadProblems(base)).toEqual([]);
    expect(workloadProblems(local)).toEqual([]);
    const gateway = base.filter((o) => o.metadata.name === 'trellis-gateway');
    const broken = withDeployment(gateway, 'trellis-gateway', (d) => {
      const c = d.spec.template.spec.containers[0]!;
      delete c.readinessProbe;
      c.livenessProbe!.httpGet!.port = 'web';
      c.securityContext!.readOnlyRootFilesystem = false;
      d.spec.template.spec.enableServiceLinks = true;
    }).filter((o) => o.kind !== 'PodDisruptionBudget');
    expect(workloadProblems(broken)).toEqual([
      'Deployment/trellis-gateway: service links on (they set <NAME>_PORT=tcp://…)',
      'Deployment/trellis-gateway/gateway: the root filesystem is writable',
      'Deployment/trellis-gateway/gateway: no readiness probe',
      'Deployment/trellis-gateway/gateway: a probe names port web, which the container does not have',
      'Deployment/trellis-gateway: readiness must ask /readyz',
      'Deployment/trellis-gateway: needs one PodDisruptionBudget, has 0',
    ]);
  });

  it('chooses each service by the command, from the one image', () => {
    for (const service of SERVICES) {
      const d = named(workloads(local), `trellis-${service}`);
      const c = d.spec.template.spec.containers[0]!;
      expect({ image: c.image, args: c.args }).toEqual({ image: 'trellis:local', args: [service] });
      expect(named(workloads(base), `trellis-${service}`).spec.template.spec.containers[0]!.image).toBe('trellis');
    }
  });

  it('resolves every reference: Secrets and ConfigMaps with their keys, Services to pods and ports, autoscalers to Deployments', () => {
    const byOverlay = new Set(['ConfigMap/trellis-public-keys', 'Secret/trellis-database', ...SERVICES.map((s) => `Secret/trellis-${s}-keys`)]);
    expect(referenceProblems(base, byOverlay)).toEqual([]);
    expect(referenceProblems(local)).toEqual([]);
    expect(referenceProblems(base)).toEqual(expect.arrayContaining(['trellis-gateway: GATEWAY_SIGNING_KEY reads trellis-gateway-keys, which is not there']));
    const renamed = withDeployment(local, 'trellis-brands', (d) => (d.spec.template.spec.containers[0]!.env![1]!.valueFrom!.secretKeyRef!.key = 'BRAND_DATABASE_URL'));
    expect(referenceProblems(renamed)).toEqual(['trellis-brands: BRANDS_DATABASE_URL reads trellis-database.BRAND_DATABASE_URL, which has no such key']);
  });

  it('gives each service the configuration it starts with: its keys, its database, the URLs the registry may route to', () => {
    const env = (service: string) => {
      const d = named(workloads(local), `trellis-${service}`);
      const c = d.spec.template.spec.containers[0]!;
      const values: Record<string, string> = {};
      const read = (kind: string, name: string) => {
        const o = local.find((x) => x.kind === kind && x.metadata.name === name) as K8sObject & { data: Record<string, string> };
        return kind === 'Secret' ? Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()])) : o.data;
      };
      for (const from of c.envFrom ?? []) Object.assign(values, from.configMapRef ? read('ConfigMap', from.configMapRef.name) : read('Secret', from.secretRef!.name));
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (e.value !== undefined) values[e.name] = e.value;
        else if (ref) values[e.name] = read('Secret', ref.name)[ref.key]!;
      }
      return { values, port: c.ports![0]!.containerPort };
    };
    const gateway = env('gateway');
    const config = loadConfig(gateway.values);
    expect(config.gatewayPort).toBe(gateway.port);
    expect(config.host).toBe('0.0.0.0');
    expect(config.auth.gatewaySigningKey).toBeDefined();
    expect(config.auth.jwtSecret).toBeDefined();
    expect(config.databaseUrls.registry).toMatch(/^postgres:\/\/trellis:.+@trellis-postgres:5432\/trellis_registry$/);
    const allowlist = parseUrlAllowlist(gateway.values.REGISTRY_URL_ALLOWLIST!);
    expect(allowlist.ok).toBe(true);
    for (const name of SUBGRAPHS) {
      const url = config.subgraphUrls[name as 'brands'];
      // The registry refuses to route where the allowlist does not let it.
      expect(urlRefusal(url, allowlist.ok ? allowlist.allowlist : [])).toBeUndefined();
      // The URL is the Service's name and port, and the Service reaches the port the subgraph listens on.
      const { hostname, port } = new URL(url);
      const service = named(ofKind(local, 'Service'), hostname) as K8sObject & { spec: { ports: { port: number }[] } };
      expect(service.spec.ports[0]!.port).toBe(Number(port));
      const subgraph = env(name);
      const own = loadConfig(subgraph.values);
      expect(own.subgraphPorts[name as 'brands']).toBe(subgraph.port);
      expect(own.auth.serviceSigningKey).toBeDefined();
      expect(own.auth.gatewayJwks).toBeDefined();
      expect(own.databaseUrls[name as 'brands']).toContain(`/trellis_${name}`);
      // A subgraph holds its own private key only.
      expect(Object.keys(subgraph.values)).not.toContain('GATEWAY_SIGNING_KEY');
      expect(Object.keys(subgraph.values)).not.toContain('JWT_SECRET');
    }
    expect(new URL(config.gatewayUrl).hostname).toBe('trellis-gateway');
  });

  it('lets only the gateway reach the subgraphs, and anyone reach the gateway', () => {
    expect(networkProblems(base)).toEqual([]);
    expect(networkProblems(local)).toEqual([]);
    expect(ingressTo(local, { 'app.kubernetes.io/name': 'trellis-postgres', 'app.kubernetes.io/component': 'database', 'app.kubernetes.io/part-of': 'trellis' })).toHaveLength(1);
    // Without the subgraphs' own policy, the default denial lets nobody in; with it opened to all, anyone.
    const withoutSubgraphPolicy = base.filter((o) => o.metadata.name !== 'trellis-subgraphs-from-gateway');
    expect(networkProblems(withoutSubgraphPolicy)).toEqual(SUBGRAPHS.map((s) => `trellis-${s}: reachable from nobody, not the gateway alone`));
    const opened = base.map((o) => (o.metadata.name === 'trellis-subgraphs-from-gateway' ? applyJsonPatch(o, [{ op: 'remove', path: '/spec/ingress/0/from' }]) : o));
    expect(networkProblems(opened)).toEqual(SUBGRAPHS.map((s) => `trellis-${s}: anyone may connect`));
  });

  it('the local overlay runs one replica of each to start with, the demo seeded, and holds no committed secret', () => {
    for (const hpa of ofKind(local, 'HorizontalPodAutoscaler')) expect(hpa.spec).toMatchObject({ minReplicas: 1, maxReplicas: 2 });
    for (const hpa of ofKind(base, 'HorizontalPodAutoscaler')) expect((hpa.spec as { minReplicas: number }).minReplicas).toBeGreaterThanOrEqual(2);
    expect((named(ofKind(local, 'ConfigMap'), 'trellis-config') as K8sObject & { data: Record<string, string> }).data.SEED_DEMO).toBe('true');
    expect((named(ofKind(base, 'ConfigMap'), 'trellis-config') as K8sObject & { data: Record<string, string> }).data.SEED_DEMO).toBe('false');
    expect(fs.readFileSync(path.join(repo, 'deploy/k8s/overlays/local/.gitignore'), 'utf8')).toMatch(/^secrets\/$/m);
    expect(ofKind(base, 'Secret')).toEqual([]);
  });

  it('refuses what this renderer does not support, rather than ignoring it', () => {
    const dir = path.join(work, 'unsupported');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\ncommonLabels:\n  a: b\n');
    expect(() => kustomize(dir)).toThrow(/not supported here: commonLabels/);
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base\npatches:\n  - target:\n      kind: Ingress\n    patch: "[]"\n');
    expect(() => kustomize(dir)).toThrow(/a patch matches nothing/);
  });
});
