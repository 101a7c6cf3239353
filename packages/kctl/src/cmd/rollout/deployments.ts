// What kubectl's rollout helpers know about Deployments (kubectl/pkg/util/deployment
// and polymorphichelpers): a Deployment's ReplicaSets by selector and controller
// ownerReference, revisions, templates compared the way apiequality.Semantic does.
import { formatLabelSelector, KObject, POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from '@kctl/api';
import type { ApiClient } from '@kctl/client';
import { isRecord } from '../../util/json';


export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  spec?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface DeploymentLike extends KObject {
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: Record<string, unknown>;
    template?: PodTemplate;
    [k: string]: unknown;
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
    [k: string]: unknown;
  };
}

export interface ReplicaSetLike extends KObject {
  spec?: { replicas?: number; template?: PodTemplate; [k: string]: unknown };
}

/** The revision annotation as a number; undefined when absent or not a number (kubectl skips those). */
export function revisionOf(obj: KObject): number | undefined {
  const text = obj.metadata.annotations?.[REVISION_ANNOTATION];
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return Number(text.trim());
}

/** ReplicaSets whose controller is the Deployment (by uid), among those its selector matches. */
export async function replicaSetsOf(client: Pick<ApiClient, 'listAll'>, dep: DeploymentLike): Promise<ReplicaSetLike[]> {
  const selector = dep.spec?.selector ? formatLabelSelector(dep.spec.selector) : '';
  const list = await client.listAll('replicasets', { namespace: dep.metadata.namespace ?? '', labelSelector: selector === '<none>' ? '' : selector });
  return ownedBy(list.items as ReplicaSetLike[], dep);
}

export function ownedBy<T extends KObject>(items: T[], owner: KObject): T[] {
  return items.filter((o) => (o.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === owner.metadata.uid));
}

/** Go's zero values (absent, null, "", 0, false, {}, []) compare equal, as in apiequality.Semantic. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    return value.map((v) => normalize(v) ?? null);
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = normalize(value[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  if (value === null || value === '' || value === 0 || value === false) return undefined;
  return value;
}

export function semanticEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalize(a) ?? null) === JSON.stringify(normalize(b) ?? null);
}

/** A copy of a pod template without the pod-template-hash label. */
export function withoutHashLabel(template: PodTemplate | undefined): PodTemplate {
  const copy = structuredClone(template ?? {});
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  }
  return copy;
}

/** equalIgnoreHash: templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplate | undefined, b: PodTemplate | undefined): boolean {
  return semanticEqual(withoutHashLabel(a), withoutHashLabel(b));
}

/** An RFC 7386 merge patch turning `from` into `to` (lists replaced whole); {} when equal. */
export function createMergePatch(from: unknown, to: unknown): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const a = isRecord(from) ? from : {};
  const b = isRecord(to) ? to : {};
  for (const key of Object.keys(a)) if (!(key in b) || b[key] === undefined) patch[key] = null;
  for (const [key, value] of Object.entries(b)) {
    if (value === undefined) continue;
    const old = a[key];
    if (isRecord(value) && isRecord(old)) {
      const sub = createMergePatch(old, value);
      if (Object.keys(sub).length) patch[key] = sub;
    } else if (JSON.stringify(old) !== JSON.stringify(value)) {
      patch[key] = value;
    }
  }
  return patch;
}
