// Pods on a node are deleted gracefully: deletionTimestamp is set and the
// kubelet removes the object once the containers stopped. Pods never
// scheduled, or already finished, go at once (as in Kubernetes).
import { KObject, Pod } from '@kctl/api';
import { Strategy } from '../registry/strategy';

export const podStrategy: Strategy = {
  gracePeriod(obj: KObject, ctx) {
    const pod = obj as unknown as Pod;
    if (!pod.spec?.nodeName) return 0;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return 0;
    if (ctx.gracePeriodSeconds !== undefined && ctx.gracePeriodSeconds >= 0) return ctx.gracePeriodSeconds;
    return pod.spec.terminationGracePeriodSeconds ?? 30;
  },
};
