// When a pod must leave a node with NoExecute taints
// (k8s.io/kubernetes/pkg/controller/tainteviction/taint_eviction.go), as a pure
// function of the taints, the pod's tolerations and the times the taints came.
import { toleratesTaint } from '@kctl/api';
import type { Taint, Toleration } from '@kctl/api';

/**
 * How long a pod may stay on a node with this taint, in ms: 0 when no
 * toleration covers it, the smallest tolerationSeconds of those that do (a
 * negative one counts as 0), Infinity when one covers it without limit.
 */
export function toleratedForMs(taint: Taint, tolerations: readonly Toleration[] | undefined): number {
  let best = -1;
  for (const t of tolerations ?? []) {
    if (!toleratesTaint(t, taint)) continue;
    const seconds = t.tolerationSeconds;
    const ms = seconds === undefined || seconds === null ? Infinity : Math.max(0, seconds) * 1000;
    best = best < 0 ? ms : Math.min(best, ms);
  }
  return best < 0 ? 0 : best;
}

/**
 * When the pod is to be evicted (ms since the epoch), or undefined when
 * never: the earliest over the NoExecute taints of the time each came (since)
 * plus how long it is tolerated.
 */
export function evictionTime(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined, since: (taint: Taint) => number): number | undefined {
  let at: number | undefined;
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue;
    const ms = toleratedForMs(taint, tolerations);
    if (ms === Infinity) continue;
    const due = since(taint) + ms;
    at = at === undefined ? due : Math.min(at, due);
  }
  return at;
}
