// The table of every kind the apiserver stores. Adding a kind starts here.

export type NameRule = 'dns1123Subdomain' | 'dns1123Label' | 'rfc1035Label';

export interface ResourceInfo {
  /** Plural lower-case name used in keys and requests ("pods"). */
  resource: string;
  singular: string;
  kind: string;
  /** API group; "" is the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  shortNames: string[];
  nameRule: NameRule;
  /** Has a status subresource: Update keeps status, UpdateStatus keeps everything else. */
  hasStatus: boolean;
  /** Seconds an object lives before etcd drops it (Events), or undefined. */
  ttlSeconds?: number;
}

export const RESOURCES: readonly ResourceInfo[] = [
  { resource: 'namespaces', singular: 'namespace', kind: 'Namespace', group: '', version: 'v1', namespaced: false, shortNames: ['ns'], nameRule: 'dns1123Label', hasStatus: true },
  { resource: 'nodes', singular: 'node', kind: 'Node', group: '', version: 'v1', namespaced: false, shortNames: ['no'], nameRule: 'dns1123Subdomain', hasStatus: true },
  { resource: 'pods', singular: 'pod', kind: 'Pod', group: '', version: 'v1', namespaced: true, shortNames: ['po'], nameRule: 'dns1123Subdomain', hasStatus: true },
  { resource: 'services', singular: 'service', kind: 'Service', group: '', version: 'v1', namespaced: true, shortNames: ['svc'], nameRule: 'rfc1035Label', hasStatus: true },
  { resource: 'endpoints', singular: 'endpoints', kind: 'Endpoints', group: '', version: 'v1', namespaced: true, shortNames: ['ep'], nameRule: 'dns1123Subdomain', hasStatus: false },
  { resource: 'configmaps', singular: 'configmap', kind: 'ConfigMap', group: '', version: 'v1', namespaced: true, shortNames: ['cm'], nameRule: 'dns1123Subdomain', hasStatus: false },
  { resource: 'secrets', singular: 'secret', kind: 'Secret', group: '', version: 'v1', namespaced: true, shortNames: [], nameRule: 'dns1123Subdomain', hasStatus: false },
  { resource: 'events', singular: 'event', kind: 'Event', group: '', version: 'v1', namespaced: true, shortNames: ['ev'], nameRule: 'dns1123Subdomain', hasStatus: false, ttlSeconds: 3600 },
  { resource: 'deployments', singular: 'deployment', kind: 'Deployment', group: 'apps', version: 'v1', namespaced: true, shortNames: ['deploy'], nameRule: 'dns1123Subdomain', hasStatus: true },
  { resource: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', group: 'apps', version: 'v1', namespaced: true, shortNames: ['rs'], nameRule: 'dns1123Subdomain', hasStatus: true },
  { resource: 'leases', singular: 'lease', kind: 'Lease', group: 'coordination.k8s.io', version: 'v1', namespaced: true, shortNames: [], nameRule: 'dns1123Subdomain', hasStatus: false },
];

/** "apps/v1" or "v1" for the core group. */
export function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** "deployments.apps" or "pods": how kubectl names a resource in messages. */
export function qualifiedResource(info: ResourceInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

/** "deployment.apps" or "pod": the prefix kubectl prints before an object name. */
export function qualifiedKind(info: ResourceInfo): string {
  const lower = info.kind.toLowerCase();
  return info.group ? `${lower}.${info.group}` : lower;
}

/**
 * Finds a resource by any name a user may type: plural, singular, kind, short
 * name, or any of those qualified by group ("deployments.apps", "deploy").
 */
export function findResource(name: string): ResourceInfo | undefined {
  const wanted = name.toLowerCase();
  const dot = wanted.indexOf('.');
  const base = dot < 0 ? wanted : wanted.slice(0, dot);
  const group = dot < 0 ? undefined : wanted.slice(dot + 1);
  return RESOURCES.find(
    (r) =>
      (group === undefined || r.group === group) &&
      (r.resource === base || r.singular === base || r.kind.toLowerCase() === base || r.shortNames.includes(base)),
  );
}

/** Finds the resource for a manifest's apiVersion + kind. */
export function resourceForKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.kind === kind && apiVersionOf(r) === apiVersion);
}

export function knownKindsList(): string {
  return RESOURCES.map((r) => `${apiVersionOf(r)}/${r.kind}`).join(', ');
}
