// Toleration matching, as k8s.io/api/core/v1 Toleration.ToleratesTaint.
import { Taint, Toleration } from './types';

export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator) {
    case undefined:
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The first taint no toleration covers, or undefined. */
export function firstUntolerated(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Taint | undefined {
  for (const taint of taints) if (!tolerates(tolerations, taint)) return taint;
  return undefined;
}
