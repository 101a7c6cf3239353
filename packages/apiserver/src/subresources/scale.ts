// deployments/scale and replicasets/scale: read and set spec.replicas through an
// autoscaling/v1 Scale object, as `kubectl scale` does.
import { badRequest, conflict, formatLabelSelector, K8sLabelSelector, KObject } from '@kctl/api';
import { GenericStore } from '../registry/generic-store';

interface Scalable {
  spec?: { replicas?: number; selector?: K8sLabelSelector };
  status?: { replicas?: number };
}

export function toScale(obj: KObject): KObject {
  const scalable = obj as unknown as Scalable;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: scalable.spec?.replicas ?? 0 },
    status: { replicas: scalable.status?.replicas ?? 0, selector: scalable.spec?.selector ? formatLabelSelector(scalable.spec.selector) : '' },
  };
}

export async function updateScale(store: GenericStore, namespace: string, name: string, body: KObject): Promise<KObject> {
  const replicas = (body.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) throw badRequest('Scale spec.replicas must be a whole number of at least 0');
  const wanted = body.metadata?.resourceVersion;
  const updated = await store.guaranteedUpdate(namespace, name || body.metadata?.name || '', (current) => {
    if (wanted && wanted !== current.metadata.resourceVersion) throw conflict(store.resource, current.metadata.name ?? '');
    return { ...current, spec: { ...(current.spec as object), replicas } };
  });
  return toScale(updated);
}
