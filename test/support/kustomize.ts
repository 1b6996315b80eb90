import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The part of `kustomize build` that deploy/k8s uses, in a few lines, so the manifests can be
 * rendered and checked without kustomize or a cluster: resources (files and folders), namespace,
 * images, generators (env files and literals, without the name hash), and JSON 6902 patches with
 * a target. Anything else in a kustomization.yaml is refused rather than ignored, so a manifest
 * that needs more than this cannot pass unnoticed.
 */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
};

const KNOWN = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'images', 'generatorOptions', 'configMapGenerator', 'secretGenerator', 'patches']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolume', 'StorageClass', 'CustomResourceDefinition', 'PriorityClass']);

export function readYamlObjects(file: string): K8sObject[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).flatMap((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`);
    const value = doc.toJS() as K8sObject | null;
    return value === null ? [] : [value];
  });
}

interface Generator {
  name: string;
  envs?: string[];
  literals?: string[];
  type?: string;
}
interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  namespace?: string;
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  generatorOptions?: { disableNameSuffixHash?: boolean; labels?: Record<string, string>; annotations?: Record<string, string> };
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  patches?: { path?: string; patch?: string; target?: { kind?: string; name?: string; group?: string; version?: string } }[];
}

export function kustomize(dir: string): K8sObject[] {
  const file = path.join(dir, 'kustomization.yaml');
  const [k] = readYamlObjects(file) as unknown as Kustomization[];
  if (!k) throw new Error(`${file} is empty`);
  const unknown = Object.keys(k).filter((key) => !KNOWN.has(key));
  if (unknown.length) throw new Error(`${file}: not supported here: ${unknown.join(', ')}`);
  if (k.apiVersion !== 'kustomize.config.k8s.io/v1beta1' || k.kind !== 'Kustomization') throw new Error(`${file}: not a kustomize.config.k8s.io/v1beta1 Kustomization`);

  let objects: K8sObject[] = [];
  for (const resource of k.resources ?? []) {
    const at = path.resolve(dir, resource);
    if (!fs.existsSync(at)) throw new Error(`${file}: resource ${resource} does not exist`);
    objects.push(...(fs.statSync(at).isDirectory() ? kustomize(at) : readYamlObjects(at)));
  }
  const generated = [
    ...(k.configMapGenerator ?? []).map((g) => generate(dir, g, 'ConfigMap', k.generatorOptions)),
    ...(k.secretGenerator ?? []).map((g) => generate(dir, g, 'Secret', k.generatorOptions)),
  ];
  if (generated.length && !k.generatorOptions?.disableNameSuffixHash) throw new Error(`${file}: generated names with a hash suffix are not supported here`);
  objects.push(...generated);

  for (const patch of k.patches ?? []) {
    const text = patch.patch ?? (patch.path ? fs.readFileSync(path.join(dir, patch.path), 'utf8') : undefined);
    if (!text) throw new Error(`${file}: a patch needs patch or path`);
    const operations = parseAllDocuments(text)[0]!.toJS() as Operation[];
    if (!Array.isArray(operations)) throw new Error(`${file}: only JSON 6902 patches (a list of operations) are supported here`);
    const targets = objects.filter((o) => matches(o, patch.target ?? {}));
    if (targets.length === 0) throw new Error(`${file}: a patch matches nothing (${JSON.stringify(patch.target)})`);
    objects = objects.map((o) => (targets.includes(o) ? applyJsonPatch(o, operations) : o));
  }
  for (const image of k.images ?? []) objects = objects.map((o) => setImage(o, image));
  if (k.namespace) objects = objects.map((o) => (CLUSTER_SCOPED.has(o.kind) ? o : { ...o, metadata: { ...o.metadata, namespace: k.namespace } }));

  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (seen.has(id)) throw new Error(`${file}: ${id} is defined twice`);
    seen.add(id);
  }
  return objects;
}

function generate(dir: string, g: Generator, kind: 'ConfigMap' | 'Secret', options: Kustomization['generatorOptions']): K8sObject {
  const data: Record<string, string> = {};
  for (const env of g.envs ?? []) {
    const file = path.join(dir, env);
    if (!fs.existsSync(file)) throw new Error(`${kind} ${g.name}: ${env} does not exist (make it first: see the kustomization's comments)`);
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim() || line.trimStart().startsWith('#')) continue;
      const at = line.indexOf('=');
      if (at < 1) throw new Error(`${env}: "${line.slice(0, 30)}…" is not KEY=value`);
      data[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  for (const literal of g.literals ?? []) {
    const at = literal.indexOf('=');
    data[literal.slice(0, at)] = literal.slice(at + 1);
  }
  const metadata = { name: g.name, ...(options?.labels ? { labels: { ...options.labels } } : {}), ...(options?.annotations ? { annotations: { ...options.annotations } } : {}) };
  return kind === 'ConfigMap'
    ? { apiVersion: 'v1', kind, metadata, data }
    : { apiVersion: 'v1', kind, metadata, type: g.type ?? 'Opaque', data: Object.fromEntries(Object.entries(data).map(([key, v]) => [key, Buffer.from(v).toString('base64')])) };
}

function matches(o: K8sObject, target: { kind?: string; name?: string; group?: string; version?: string }): boolean {
  const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
  return (
    (!target.kind || target.kind === o.kind) &&
    (!target.name || new RegExp(`^(?:${target.name})$`).test(o.metadata.name)) &&
    (target.group === undefined || target.group === group) &&
    (!target.version || target.version === version)
  );
}

function setImage(o: K8sObject, image: NonNullable<Kustomization['images']>[number]): K8sObject {
  const copy = structuredClone(o);
  const spec = (copy as { spec?: { template?: { spec?: { containers?: { image: string }[]; initContainers?: { image: string }[] } } } }).spec?.template?.spec;
  for (const container of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
    const [, name, tag] = /^([^:@]+(?::\d+\/[^:@]+)?)(?::([^@]+))?(?:@.+)?$/.exec(container.image) ?? [];
    if (name !== image.name) continue;
    const newTag = image.digest ? `@${image.digest}` : image.newTag ? `:${image.newTag}` : tag ? `:${tag}` : '';
    container.image = `${image.newName ?? name}${newTag}`;
  }
  return copy;
}

export type Operation = { op: 'add' | 'replace' | 'remove' | 'test'; path: string; value?: unknown };

/** RFC 6902 add, replace, remove and test, on a copy. */
export function applyJsonPatch<T>(document: T, operations: Operation[]): T {
  const copy = structuredClone(document) as unknown;
  for (const { op, path: pointer, value } of operations) {
    const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = keys.pop();
    if (last === undefined) throw new Error(`${op} ${pointer}: the whole document cannot be patched here`);
    let parent = copy as Record<string, unknown> | unknown[];
    for (const key of keys) {
      const next = (parent as Record<string, unknown>)[key];
      if (next === null || typeof next !== 'object') throw new Error(`${op} ${pointer}: ${key} does not exist`);
      parent = next as Record<string, unknown>;
    }
    const exists = Array.isArray(parent) ? last === '-' || Number(last) < parent.length : last in parent;
    if (op !== 'add' && !exists) throw new Error(`${op} ${pointer}: it does not exist`);
    if (op === 'test') {
      if (JSON.stringify((parent as Record<string, unknown>)[last]) !== JSON.stringify(value)) throw new Error(`test ${pointer} failed`);
    } else if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (op === 'remove') parent.splice(index, 1);
      else parent.splice(index, op === 'replace' ? 1 : 0, structuredClone(value));
    } else if (op === 'remove') delete parent[last];
    else parent[last] = structuredClone(value);
  }
  return copy as T;
}
