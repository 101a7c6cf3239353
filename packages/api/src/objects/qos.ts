// Pod QoS class, computed as Kubernetes' GetPodQOS (pkg/apis/core/helper/qos):
// only cpu and memory count; BestEffort without any request or limit,
// Guaranteed when every container limits both and requests equal limits,
// Burstable otherwise.
import type { Container, PodSpec } from 'kubernetes-types/core/v1';
import { parseQuantity } from '../quantity';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'] as const;

/** A positive quantity, or undefined (absent, zero or unreadable: validation reports the latter). */
function positive(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  try {
    const n = parseQuantity(value);
    return n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

function same(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export function podQOSClass(spec: PodSpec | undefined): QOSClass {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const containers: Container[] = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
  for (const c of containers) {
    const found = new Set<string>();
    for (const name of QOS_RESOURCES) {
      const req = positive((c.resources?.requests as Record<string, unknown> | undefined)?.[name]);
      if (req !== undefined) requests.set(name, (requests.get(name) ?? 0) + req);
      const lim = positive((c.resources?.limits as Record<string, unknown> | undefined)?.[name]);
      if (lim !== undefined) {
        found.add(name);
        limits.set(name, (limits.get(name) ?? 0) + lim);
      }
    }
    if (found.size !== QOS_RESOURCES.length) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (lim === undefined || !same(lim, req)) guaranteed = false;
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
