// deployments/scale and replicasets/scale: read and set spec.replicas through an
// autoscaling/v1 Scale object, as `kubectl scale` does.
import { conflict, decodeKind, fieldErrors, formatLabelSelector, invalid, K8sLabelSelector, KObject } from '@kctl/api';
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
  // Decoded as Kubernetes decodes a Scale (int32 replicas), then validated as a Scale.
  const scale = decodeKind('autoscaling/v1', 'Scale', body) as { metadata?: KObject['metadata']; spec?: { replicas?: number } };
  const replicas = scale.spec?.replicas ?? 0;
  const target = name || scale.metadata?.name || '';
  if (replicas < 0) throw invalid('Scale.autoscaling', target, [fieldErrors.invalid('spec.replicas', replicas, 'must be greater than or equal to 0')]);
  const wanted = scale.metadata?.resourceVersion;
  const updated = await store.guaranteedUpdate(namespace, target, (current) => {
    if (wanted && wanted !== current.metadata.resourceVersion) throw conflict(store.resource, current.metadata.name ?? '');
    return { ...current, spec: { ...(current.spec as object), replicas } };
  });
  return toScale(updated);
}
