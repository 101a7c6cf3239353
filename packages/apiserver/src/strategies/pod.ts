// Pods: Kubernetes' defaults, create-time admission (service account, default
// tolerations, priority), status.phase Pending and the QoS class on create, the
// spec immutable on update but for what Kubernetes allows, and graceful
// deletion: pods on a node keep their deletionTimestamp until the kubelet
// removes them once the containers stopped; pods never scheduled, or already
// finished, go at once (as in Kubernetes).
import { defaultPod, isObject, isPodTerminal, KObject, Pod, PodObject, podQOSClass, validatePod } from '@kctl/api';
import { Strategy } from '../registry/strategy';
import { admitPod } from './pod-admission';
import { keepStoredStatus } from './status';

export const podStrategy: Strategy = {
  defaults: defaultPod,
  prepareForCreate(obj) {
    const pod = obj as PodObject;
    admitPod(pod);
    pod.status = { phase: 'Pending', qosClass: podQOSClass(isObject(pod.spec) ? pod.spec : undefined) };
  },
  prepareForUpdate: keepStoredStatus,
  prepareForStatusUpdate(obj, old) {
    // The QoS class is fixed at create, whatever a status writer sends.
    const qosClass = (old as PodObject).status?.qosClass;
    const status = (obj as PodObject).status;
    if (qosClass && isObject(status)) status.qosClass = qosClass;
  },
  validate: validatePod,
  gracePeriod(obj: KObject, ctx) {
    const pod = obj as unknown as Pod;
    if (!pod.spec?.nodeName) return 0;
    if (isPodTerminal(obj as PodObject)) return 0;
    if (ctx.gracePeriodSeconds !== undefined && ctx.gracePeriodSeconds >= 0) return ctx.gracePeriodSeconds;
    return pod.spec.terminationGracePeriodSeconds ?? 30;
  },
};
