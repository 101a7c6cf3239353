// pods/binding: the scheduler's way to place a pod. It sets spec.nodeName only
// while it is still empty, so two schedulers can never place one pod twice.
// The pod is read from the watch cache and written on its cached resourceVersion
// (one etcd Txn); a stale copy fails the compare and the write is retried on
// what etcd holds.
import { badRequest, conflict, decodeKind, formatTime, KObject, Pod, uidConflict } from '@kctl/api';
import { GenericStore } from '../registry/generic-store';

interface Binding {
  metadata?: { name?: string; namespace?: string; uid?: string };
  target?: { kind?: string; name?: string };
}

/** Where binding finds the pod without reading etcd (the pods watch cache). */
export interface CachedPods {
  get(namespace: string, name: string): KObject | undefined;
}

export async function bindPod(pods: GenericStore, namespace: string, podName: string, body: KObject, cache?: CachedPods): Promise<KObject> {
  const binding = decodeKind('v1', 'Binding', body) as Binding;
  const nodeName = binding.target?.name;
  if (!nodeName) throw badRequest('a Binding needs target.name: the node to bind to');
  if (binding.target?.kind && binding.target.kind !== 'Node') throw badRequest(`a Binding targets a Node, not a ${binding.target.kind}`);
  const name = podName || binding.metadata?.name || '';
  const mutate = (current: KObject): KObject => {
    const pod = current as unknown as Pod;
    if (binding.metadata?.uid && binding.metadata.uid !== current.metadata.uid) {
      throw uidConflict('pods/binding', name, binding.metadata.uid, current.metadata.uid);
    }
    if (current.metadata.deletionTimestamp) throw conflict('pods/binding', name, `pod ${name} is being deleted, cannot be assigned to a host`);
    if (pod.spec?.nodeName) throw conflict('pods/binding', name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
    const spec = { ...pod.spec!, nodeName };
    const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: formatTime(pods.clock.now()) });
    return { ...current, spec, status: { ...pod.status, conditions } } as KObject;
  };
  return pods.guaranteedUpdate(namespace, name, mutate, { updateRules: false, cached: cache?.get(namespace || 'default', name) });
}
