import path from 'node:path';
import ts from 'typescript';
import type { K8sObject } from './kustomize';

/**
 * Validates Kubernetes objects against the Kubernetes API schemas, offline, with two validators
 * from npm that complement each other:
 *
 * - `kubernetes-models` (Kubernetes 1.27 OpenAPI, compiled into ajv validators): required fields,
 *   types, enums and formats such as quantities (`cpu: lots` fails);
 * - `kubernetes-types` (Kubernetes 1.30 type definitions) through the TypeScript compiler: a field
 *   the API does not have (`readinesProbe`) fails, as `kubectl apply --validate=strict` would,
 *   which the OpenAPI schemas alone do not catch (they allow unknown fields).
 *
 * Returns one line per problem, naming the object; none when all are valid.
 */
const TYPES: Record<string, { module: string; type: string }> = {
  'v1/ConfigMap': { module: 'core/v1', type: 'ConfigMap' },
  'v1/Secret': { module: 'core/v1', type: 'Secret' },
  'v1/Service': { module: 'core/v1', type: 'Service' },
  'v1/Namespace': { module: 'core/v1', type: 'Namespace' },
  'apps/v1/Deployment': { module: 'apps/v1', type: 'Deployment' },
  'apps/v1/StatefulSet': { module: 'apps/v1', type: 'StatefulSet' },
  'autoscaling/v2/HorizontalPodAutoscaler': { module: 'autoscaling/v2', type: 'HorizontalPodAutoscaler' },
  'policy/v1/PodDisruptionBudget': { module: 'policy/v1', type: 'PodDisruptionBudget' },
  'networking.k8s.io/v1/NetworkPolicy': { module: 'networking/v1', type: 'NetworkPolicy' },
};

const label = (o: K8sObject) => `${o.kind}/${o.metadata?.name ?? '?'}`;

export function validateObjects(objects: K8sObject[]): string[] {
  return [...validateSchemas(objects), ...validateStrict(objects)];
}

/** kubernetes-models: the OpenAPI schema of each kind. */
export function validateSchemas(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects) {
    const key = `${o.apiVersion}/${o.kind}`;
    if (!TYPES[key]) {
      problems.push(`${label(o)}: ${key} is not a kind these checks know`);
      continue;
    }
    const Model = (require(`kubernetes-models/${o.apiVersion}`) as Record<string, new (data: unknown) => { validate(): void }>)[o.kind]!;
    try {
      new Model(o).validate();
    } catch (error) {
      problems.push(`${label(o)}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/** kubernetes-types: every field must exist in the API (excess property checks), with its type. */
export function validateStrict(objects: K8sObject[]): string[] {
  const known = objects.filter((o) => TYPES[`${o.apiVersion}/${o.kind}`]);
  const imports: string[] = [];
  const lines: string[] = [];
  const owners: { from: number; to: number; object: K8sObject }[] = [];
  known.forEach((o, i) => {
    const { module, type } = TYPES[`${o.apiVersion}/${o.kind}`]!;
    imports.push(`import type { ${type} as T${i} } from 'kubernetes-types/${module}';`);
  });
  let line = imports.length;
  known.forEach((o, i) => {
    const text = `export const o${i}: T${i} = ${JSON.stringify(o, null, 2)};`;
    const count = text.split('\n').length;
    owners.push({ from: line, to: line + count - 1, object: o });
    lines.push(text);
    line += count;
  });
  const source = [...imports, ...lines].join('\n');
  const fileName = path.join(path.resolve(__dirname, '../..'), '__k8s_manifests__.ts');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => (name === fileName ? ts.createSourceFile(name, source, version) : getSourceFile(name, version, ...rest));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const program = ts.createProgram([fileName], options, host);
  const file = program.getSourceFile(fileName)!;
  return ts.getPreEmitDiagnostics(program, file).map((d) => {
    const at = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line;
    const owner = owners.find((o) => at >= o.from && at <= o.to);
    const where = owner ? `${label(owner.object)} (line ${at - owner.from + 1} of its JSON)` : `line ${at + 1}`;
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}
