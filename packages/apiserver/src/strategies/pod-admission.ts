// What Kubernetes' admission plugins add to a pod on create, for the plugins
// kctl has no separate admission chain for:
// - ServiceAccount: spec.serviceAccountName defaults to "default" (kctl serves
//   no ServiceAccounts, so neither the account's existence nor a token volume).
// - DefaultTolerationSeconds: tolerate not-ready and unreachable nodes for 300 s.
// - Priority: spec.priority from the PriorityClass named; kctl serves no
//   PriorityClass objects, only the two built-in system classes.
import { forbidden, PodObject, StatusError, TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE, Toleration } from '@kctl/api';
import type { PodSpec } from 'kubernetes-types/core/v1';

export const DEFAULT_SERVICE_ACCOUNT = 'default';
export const DEFAULT_TOLERATION_SECONDS = 300;
/** The built-in PriorityClasses' values. */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};
/** The priority of a pod without a class when no class is the global default. */
export const DEFAULT_PRIORITY = 0;
export const DEFAULT_PREEMPTION_POLICY = 'PreemptLowerPriority';

type Spec = { -readonly [K in keyof PodSpec]: PodSpec[K] };

export function admitServiceAccount(spec: Spec): void {
  // serviceAccount is the deprecated name; Kubernetes keeps both set alike.
  spec.serviceAccountName ||= spec.serviceAccount || DEFAULT_SERVICE_ACCOUNT;
  spec.serviceAccount = spec.serviceAccountName;
}

function toleratesNoExecute(tolerations: readonly Toleration[], key: string): boolean {
  return tolerations.some((t) => (!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute'));
}

export function admitDefaultTolerations(spec: Spec): void {
  const tolerations = [...(spec.tolerations ?? [])];
  for (const key of [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE]) {
    if (!toleratesNoExecute(tolerations, key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  spec.tolerations = tolerations;
}

function refuse(pod: PodObject, why: string): StatusError {
  return forbidden(`pods "${pod.metadata.name ?? ''}" is forbidden: ${why}`);
}

export function admitPriority(pod: PodObject, spec: Spec): void {
  const className = spec.priorityClassName;
  let priority = DEFAULT_PRIORITY;
  if (className) {
    const value = SYSTEM_PRIORITY_CLASSES[className];
    if (value === undefined) throw refuse(pod, `no PriorityClass with name ${className} was found`);
    priority = value;
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    throw refuse(pod, `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
  }
  spec.priority = priority;
  if (spec.preemptionPolicy && spec.preemptionPolicy !== DEFAULT_PREEMPTION_POLICY) {
    throw refuse(pod, `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${DEFAULT_PREEMPTION_POLICY} from the given PriorityClass name`);
  }
  spec.preemptionPolicy = DEFAULT_PREEMPTION_POLICY;
}

/** Runs the three on a pod being created. */
export function admitPod(pod: PodObject): void {
  if (!pod.spec || typeof pod.spec !== 'object') return; // validation reports it
  const spec = pod.spec as Spec;
  admitServiceAccount(spec);
  admitDefaultTolerations(spec);
  admitPriority(pod, spec);
}
