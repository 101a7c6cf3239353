// A container's environment as the kubelet hands it to the runtime: literal
// values, and values from ConfigMaps, Secrets and the pod's own fields. A
// missing source that is not optional stops the container from being created
// (CreateContainerConfigError), with Kubernetes' message.
import { isNotFound } from '@kctl/api';
import type { KObject, PodObject } from '@kctl/api';

type SpecContainer = NonNullable<PodObject['spec']>['containers'][number];

export interface ObjectGetter {
  get<T extends KObject = KObject>(resource: string, namespace: string, name: string): Promise<T>;
}

/** The container's configuration cannot be built; the message says why. */
export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

type DataObject = KObject & { data?: Record<string, string> };

function fieldValue(pod: PodObject, path: string, podIP: string | undefined, hostIP: string): string {
  switch (path) {
    case 'metadata.name': return pod.metadata.name ?? '';
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.podIP': return podIP ?? '';
    case 'status.hostIP': return hostIP;
    default: throw new ContainerConfigError(`unsupported fieldRef ${path}`);
  }
}

export async function containerEnv(
  pod: PodObject, container: SpecContainer, getter: ObjectGetter | undefined, podIP: string | undefined, hostIP: string,
): Promise<{ key: string; value: string }[]> {
  const namespace = pod.metadata.namespace ?? 'default';
  const cache = new Map<string, DataObject | undefined>();
  const source = async (resource: 'configmaps' | 'secrets', name: string, optional: boolean): Promise<DataObject | undefined> => {
    const cacheKey = `${resource}/${name}`;
    if (cache.has(cacheKey)) return cache.get(cacheKey);
    let found: DataObject | undefined;
    try {
      if (!getter) throw new ContainerConfigError(`no API client to read ${resource} "${name}"`);
      found = await getter.get<DataObject>(resource, namespace, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      if (!optional) throw new ContainerConfigError(`${resource === 'configmaps' ? 'configmap' : 'secret'} "${name}" not found`);
    }
    cache.set(cacheKey, found);
    return found;
  };
  const decode = (resource: 'configmaps' | 'secrets', value: string): string => (resource === 'secrets' ? Buffer.from(value, 'base64').toString('utf8') : value);
  const envs: { key: string; value: string }[] = [];
  for (const e of container.env ?? []) {
    const from = e.valueFrom;
    if (!from) {
      envs.push({ key: e.name, value: e.value ?? '' });
      continue;
    }
    const ref = from.configMapKeyRef ? { resource: 'configmaps' as const, kind: 'ConfigMap', ...from.configMapKeyRef } : from.secretKeyRef ? { resource: 'secrets' as const, kind: 'Secret', ...from.secretKeyRef } : undefined;
    if (ref) {
      const obj = await source(ref.resource, ref.name ?? '', !!ref.optional);
      const value = obj?.data?.[ref.key];
      if (value === undefined) {
        if (obj && !ref.optional) throw new ContainerConfigError(`couldn't find key ${ref.key} in ${ref.kind} ${namespace}/${ref.name ?? ''}`);
        continue;
      }
      envs.push({ key: e.name, value: decode(ref.resource, value) });
    } else if (from.fieldRef) {
      envs.push({ key: e.name, value: fieldValue(pod, from.fieldRef.fieldPath, podIP, hostIP) });
    }
  }
  return envs;
}
