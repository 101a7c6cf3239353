// Which lists merge item by item (and on which key) in kubectl's strategic
// merge, for the kinds kctl knows. Every other list is replaced as a whole.

/** Path of field names from the object root, without list indexes. */
export type FieldPath = readonly string[];

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

const BY_FIELD: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  volumes: 'name',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  topologySpreadConstraints: 'topologyKey',
  ownerReferences: 'uid',
  conditions: 'type',
};

/** The merge key for the list at path, or undefined when the list is replaced. */
export function mergeKeyFor(kind: string, path: FieldPath): string | undefined {
  const field = path[path.length - 1];
  if (field === undefined) return undefined;
  if (field === 'ports') {
    if (kind === 'Service' && path.length === 2 && path[0] === 'spec') return 'port';
    const parent = path[path.length - 2];
    return parent !== undefined && CONTAINER_LISTS.has(parent) ? 'containerPort' : undefined;
  }
  if (field === 'env' || field === 'volumeMounts' || field === 'volumeDevices') {
    const parent = path[path.length - 2];
    return parent !== undefined && CONTAINER_LISTS.has(parent) ? BY_FIELD[field] : undefined;
  }
  return BY_FIELD[field];
}

/** Lists of scalars whose items merge as a set (patchStrategy merge without a key). */
export function isSetList(path: FieldPath): boolean {
  return path.length === 2 && path[0] === 'metadata' && path[1] === 'finalizers';
}
