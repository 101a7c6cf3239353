// Resource arithmetic: what a pod asks for (requests, host ports) and what a
// node offers (allocatable), in integer units (milli-cores, bytes, counts).
import { NodeObject, PodObject } from '@kctl/api';
import { parseQuantity } from '@kctl/api';
import type { Container } from '@kctl/api';

export interface Resource {
  milliCpu: number;
  memory: number;
  ephemeralStorage: number;
  /** Extended resources (nvidia.com/gpu, hugepages-2Mi, ...) by name; absent when none. */
  scalar?: Map<string, number>;
}

export interface HostPort {
  /** '0.0.0.0' when the container did not name one. */
  ip: string;
  protocol: string;
  port: number;
}

/** Everything the filters and scores need to know about a pod's demands, computed once per pod object. */
export interface PodRequirements {
  requests: Resource;
  /** Requests with Kubernetes' defaults for containers that name none (100m cpu, 200Mi memory): used to score. */
  nonZeroMilliCpu: number;
  nonZeroMemory: number;
  hostPorts: HostPort[];
}

/** kube-scheduler's defaults for containers without requests, so best-effort pods still spread. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

export const emptyResource = (): Resource => ({ milliCpu: 0, memory: 0, ephemeralStorage: 0, scalar: undefined });

function quantity(text: string | undefined): number | undefined {
  if (text === undefined || text === null) return undefined;
  try {
    return parseQuantity(text);
  } catch {
    return undefined;
  }
}

/** Milli-units rounded up, as Quantity.MilliValue does ("0.1" → 100, "1m" → 1). */
export function milliValue(text: string | undefined): number {
  const q = quantity(text);
  return q === undefined ? 0 : Math.ceil(Math.round(q * 1e9) / 1e6);
}

/** Whole units rounded up ("1Gi" → 1073741824). */
export function value(text: string | undefined): number {
  const q = quantity(text);
  return q === undefined ? 0 : Math.ceil(Math.round(q * 1e3) / 1e3);
}

type ResourceList = Readonly<Record<string, string>>;

/** Adds one resource list into a Resource (cpu in milli-units, the rest in whole units). */
function addList(into: Resource, list: ResourceList | undefined, sign = 1): void {
  if (!list) return;
  for (const [name, q] of Object.entries(list)) {
    switch (name) {
      case 'cpu':
        into.milliCpu += sign * milliValue(q);
        break;
      case 'memory':
        into.memory += sign * value(q);
        break;
      case 'ephemeral-storage':
        into.ephemeralStorage += sign * value(q);
        break;
      case 'pods':
        break;
      default: {
        const scalar = (into.scalar ??= new Map());
        scalar.set(name, (scalar.get(name) ?? 0) + sign * value(q));
      }
    }
  }
}

export function toResource(list: ResourceList | undefined): Resource {
  const r = emptyResource();
  addList(r, list);
  return r;
}

export function addResource(into: Resource, r: Resource, sign = 1): void {
  into.milliCpu += sign * r.milliCpu;
  into.memory += sign * r.memory;
  into.ephemeralStorage += sign * r.ephemeralStorage;
  if (r.scalar) {
    const scalar = (into.scalar ??= new Map());
    for (const [name, v] of r.scalar) scalar.set(name, (scalar.get(name) ?? 0) + sign * v);
  }
}

function maxResource(into: Resource, r: Resource): void {
  into.milliCpu = Math.max(into.milliCpu, r.milliCpu);
  into.memory = Math.max(into.memory, r.memory);
  into.ephemeralStorage = Math.max(into.ephemeralStorage, r.ephemeralStorage);
  if (r.scalar) {
    const scalar = (into.scalar ??= new Map());
    for (const [name, v] of r.scalar) scalar.set(name, Math.max(scalar.get(name) ?? 0, v));
  }
}

/** A container's effective requests: the API defaults a missing request to the limit. */
function containerRequests(c: Container): ResourceList | undefined {
  const requests = c.resources?.requests;
  const limits = c.resources?.limits;
  if (!limits) return requests;
  return { ...limits, ...requests };
}

function copy(r: Resource): Resource {
  return { ...r, scalar: r.scalar && new Map(r.scalar) };
}

/**
 * The pod's request, as Kubernetes computes it: the sum of its containers (plus
 * restartable "sidecar" init containers, which keep running), or the largest
 * init container if that is more, per resource; plus spec.overhead.
 */
export function computePodRequests(pod: PodObject): Resource {
  const spec = pod.spec;
  const total = emptyResource();
  for (const c of spec?.containers ?? []) addList(total, containerRequests(c));
  const sidecars = emptyResource();
  const initMax = emptyResource();
  for (const c of spec?.initContainers ?? []) {
    const r = toResource(containerRequests(c));
    if (c.restartPolicy === 'Always') {
      addResource(sidecars, r);
      maxResource(initMax, sidecars);
    } else {
      const withSidecars = copy(sidecars);
      addResource(withSidecars, r);
      maxResource(initMax, withSidecars);
    }
  }
  addResource(total, sidecars);
  maxResource(total, initMax);
  addList(total, spec?.overhead);
  return total;
}

/** cpu and memory with the defaults for containers that request none (kube-scheduler's GetNonzeroRequests). */
function nonZeroRequests(pod: PodObject): { milliCpu: number; memory: number } {
  const one = (c: Container): { milliCpu: number; memory: number } => {
    const list = containerRequests(c);
    return {
      milliCpu: list?.['cpu'] === undefined ? DEFAULT_MILLI_CPU_REQUEST : milliValue(list['cpu']),
      memory: list?.['memory'] === undefined ? DEFAULT_MEMORY_REQUEST : value(list['memory']),
    };
  };
  let milliCpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = one(c);
    milliCpu += r.milliCpu;
    memory += r.memory;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    const r = one(c);
    milliCpu = Math.max(milliCpu, r.milliCpu);
    memory = Math.max(memory, r.memory);
  }
  const overhead = pod.spec?.overhead;
  if (overhead) {
    milliCpu += milliValue(overhead['cpu']);
    memory += value(overhead['memory']);
  }
  return { milliCpu, memory };
}

export function computeHostPorts(pod: PodObject): HostPort[] {
  const ports: HostPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) ports.push({ ip: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', port: p.hostPort });
    }
  }
  return ports;
}

const memo = new WeakMap<PodObject, PodRequirements>();

/** The pod's requirements, memoized per pod object (informer objects are replaced, never changed, on update). */
export function podRequirements(pod: PodObject): PodRequirements {
  let req = memo.get(pod);
  if (!req) {
    const nonZero = nonZeroRequests(pod);
    req = { requests: computePodRequests(pod), nonZeroMilliCpu: nonZero.milliCpu, nonZeroMemory: nonZero.memory, hostPorts: computeHostPorts(pod) };
    memo.set(pod, req);
  }
  return req;
}

export interface Allocatable extends Resource {
  /** status.allocatable.pods: how many pods the node takes. */
  pods: number;
}

export function nodeAllocatable(node: NodeObject): Allocatable {
  const list = node.status?.allocatable;
  const r = toResource(list);
  // One literal with every field: filters read these for each node, and a
  // spread-then-extended object keeps the extra field out of line (slower).
  return { milliCpu: r.milliCpu, memory: r.memory, ephemeralStorage: r.ephemeralStorage, scalar: r.scalar, pods: value(list?.['pods']) };
}
