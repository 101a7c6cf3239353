// Pure Deployment math (k8s.io/kubernetes/pkg/controller/deployment/util):
// surge and unavailability budgets, revisions and annotations, the template
// hash, conditions, status, proportional scaling and history cleanup.
import { getControllerOf } from '@kctl/api';
import type {
  DeploymentCondition, DeploymentObject, DeploymentStatus, PodObject, PodTemplateSpec, ReplicaSetObject,
} from '@kctl/api';

import {
  DESIRED_REPLICAS_ANNOTATION, formatTime, getCondition as findCondition, isPodTerminal, LAST_APPLIED_ANNOTATION, MAX_REPLICAS_ANNOTATION, parseTime, POD_TEMPLATE_HASH_LABEL,
  REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, ROLLBACK_TO_ANNOTATION,
} from '@kctl/api';

// ---- names --------------------------------------------------------------------

export const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = POD_TEMPLATE_HASH_LABEL;
/** Longest revision-history annotation kept, in characters (Kubernetes' default). */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

/** Annotations that stay on the Deployment and are not copied to its ReplicaSets. */
const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, ROLLBACK_TO_ANNOTATION,
]);

// Condition reasons, with Kubernetes' spelling.
export const REASON = {
  /** ReplicaSet creation failed. */
  FailedRSCreate: 'ReplicaSetCreateError',
  NewRSNewReplicas: 'NewReplicaSetCreated',
  FoundNewRS: 'FoundNewReplicaSet',
  NewRSAvailable: 'NewReplicaSetAvailable',
  TimedOut: 'ProgressDeadlineExceeded',
  PausedDeploy: 'DeploymentPaused',
  ResumedDeploy: 'DeploymentResumed',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
  RollbackRevisionNotFound: 'DeploymentRollbackRevisionNotFound',
  RollbackTemplateUnchanged: 'DeploymentRollbackTemplateUnchanged',
  RollbackDone: 'DeploymentRollback',
} as const;

// ---- spec accessors ---------------------------------------------------------------

export function replicasOf(obj: { spec?: { replicas?: number } }): number {
  return obj.spec?.replicas ?? 1;
}

export function isRollingUpdate(d: DeploymentObject): boolean {
  return (d.spec.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/** A deadline is set unless absent or MaxInt32 (Kubernetes' "no deadline"). */
export function hasProgressDeadline(d: DeploymentObject): boolean {
  const s = d.spec.progressDeadlineSeconds;
  return s !== undefined && s !== null && s !== 2147483647;
}

export function hasRevisionHistoryLimit(d: DeploymentObject): boolean {
  const l = d.spec.revisionHistoryLimit;
  return l !== undefined && l !== null && l !== 2147483647;
}

// ---- maxSurge / maxUnavailable ------------------------------------------------------

/**
 * Resolves an int-or-percent against total: a number as is; "25%" as 25 % of
 * total, rounded up or down.
 */
export function scaledValueFromIntOrPercent(value: number | string | undefined, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value.trim());
  if (!m) {
    const n = Number(value);
    if (Number.isInteger(n)) return n;
    throw new Error(`invalid value for IntOrString: invalid value "${value}"`);
  }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * maxSurge (rounded up) and maxUnavailable (rounded down) for desired replicas;
 * when both come out 0 maxUnavailable becomes 1, so a rollout can always move.
 */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValueFromIntOrPercent(maxSurge ?? '25%', desired, true);
  let unavailable = scaledValueFromIntOrPercent(maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: DeploymentObject): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicasOf(d)).surge;
}

/** At most replicas; 0 for Recreate or zero replicas. */
export function maxUnavailable(d: DeploymentObject): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate;
  const { unavailable } = resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas);
  return Math.min(unavailable, replicas);
}

// ---- counting -----------------------------------------------------------------------------

const sum = (rss: (ReplicaSetObject | undefined)[], f: (rs: ReplicaSetObject) => number): number => rss.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);

/** Sum of spec.replicas. */
export const replicaCount = (rss: (ReplicaSetObject | undefined)[]): number => sum(rss, (rs) => replicasOf(rs));
/** Sum of status.replicas (pods that exist). */
export const actualReplicaCount = (rss: (ReplicaSetObject | undefined)[]): number => sum(rss, (rs) => rs.status?.replicas ?? 0);
export const readyReplicaCount = (rss: (ReplicaSetObject | undefined)[]): number => sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
export const availableReplicaCount = (rss: (ReplicaSetObject | undefined)[]): number => sum(rss, (rs) => rs.status?.availableReplicas ?? 0);

/**
 * Pods a ReplicaSet has or is about to have: the larger of spec and status. A
 * scale-down shows in spec before its pods are gone, and counting spec alone
 * (as Kubernetes does) lets a surge start while those pods still run.
 */
export const podsOf = (rs: ReplicaSetObject): number => Math.max(replicasOf(rs), rs.status?.replicas ?? 0);
export const podCount = (rss: (ReplicaSetObject | undefined)[]): number => sum(rss, podsOf);

/**
 * Available pods a ReplicaSet keeps: its available count, but no more than its
 * spec, since a scale-down removes available pods before the status says so.
 */
export const keptAvailable = (rs: ReplicaSetObject): number => Math.min(replicasOf(rs), rs.status?.availableReplicas ?? 0);
export const keptAvailableCount = (rss: (ReplicaSetObject | undefined)[]): number => sum(rss, keptAvailable);

export function filterActiveReplicaSets(rss: (ReplicaSetObject | undefined)[]): ReplicaSetObject[] {
  return rss.filter((rs): rs is ReplicaSetObject => !!rs && replicasOf(rs) > 0);
}

// ---- ordering ------------------------------------------------------------------------------

const created = (rs: ReplicaSetObject): number => parseTime(rs.metadata.creationTimestamp) ?? 0;

/** Oldest first; name breaks ties. */
export function byCreationTimestamp(a: ReplicaSetObject, b: ReplicaSetObject): number {
  return created(a) - created(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** Largest first; among equals the older first (scale-down order). */
export function bySizeOlder(a: ReplicaSetObject, b: ReplicaSetObject): number {
  return replicasOf(b) - replicasOf(a) || byCreationTimestamp(a, b);
}

/** Largest first; among equals the newer first (scale-up order). */
export function bySizeNewer(a: ReplicaSetObject, b: ReplicaSetObject): number {
  return replicasOf(b) - replicasOf(a) || byCreationTimestamp(b, a);
}

/** Lowest revision first; creation time breaks ties. */
export function byRevision(a: ReplicaSetObject, b: ReplicaSetObject): number {
  return revisionOf(a) - revisionOf(b) || byCreationTimestamp(a, b);
}

// ---- revisions and annotations -----------------------------------------------------------------

/** The revision annotation as a number; 0 when absent or unreadable. */
export function revisionOf(obj: { metadata: { annotations?: Record<string, string> } }): number {
  const v = obj.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined || !/^\d+$/.test(v)) return 0;
  return Number(v);
}

export function maxRevision(rss: ReplicaSetObject[]): number {
  return rss.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

/** The second highest revision: where a rollback "to the last revision" goes. */
export function lastRevision(rss: ReplicaSetObject[]): number {
  let max = 0;
  let second = 0;
  for (const rs of rss) {
    const v = revisionOf(rs);
    if (v >= max) {
      second = max;
      max = v;
    } else if (v > second) {
      second = v;
    }
  }
  return second;
}

/** Sets the Deployment's revision annotation; true when it changed. */
export function setDeploymentRevision(d: DeploymentObject, revision: string): boolean {
  const annotations = (d.metadata.annotations ??= {});
  if (annotations[REVISION_ANNOTATION] === revision) return false;
  annotations[REVISION_ANNOTATION] = revision;
  return true;
}

function copyDeploymentAnnotationsToReplicaSet(d: DeploymentObject, rs: ReplicaSetObject): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  return changed;
}

/** Replaces the Deployment's annotations with the ReplicaSet's (keeping the ones never copied): used on rollback. */
export function setDeploymentAnnotationsTo(d: DeploymentObject, rs: ReplicaSetObject): void {
  const kept = Object.fromEntries(Object.entries(d.metadata.annotations ?? {}).filter(([k]) => ANNOTATIONS_TO_SKIP.has(k)));
  const copied = Object.fromEntries(Object.entries(rs.metadata.annotations ?? {}).filter(([k]) => !ANNOTATIONS_TO_SKIP.has(k)));
  d.metadata.annotations = { ...kept, ...copied };
}

export function setReplicasAnnotations(rs: ReplicaSetObject, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  const d = String(desired);
  const m = String(max);
  if (annotations[DESIRED_REPLICAS_ANNOTATION] === d && annotations[MAX_REPLICAS_ANNOTATION] === m) return false;
  annotations[DESIRED_REPLICAS_ANNOTATION] = d;
  annotations[MAX_REPLICAS_ANNOTATION] = m;
  return true;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSetObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

function intAnnotation(rs: ReplicaSetObject, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

export const desiredReplicasAnnotation = (rs: ReplicaSetObject): number | undefined => intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
export const maxReplicasAnnotation = (rs: ReplicaSetObject): number | undefined => intAnnotation(rs, MAX_REPLICAS_ANNOTATION);

/**
 * Brings the new ReplicaSet's annotations up to date: the Deployment's own
 * annotations (change-cause among them), the revision (raised to newRevision
 * when lower, keeping earlier numbers in revision-history, as on a rollback),
 * and for a ReplicaSet about to be created the replicas annotations. True when
 * something changed.
 */
export function setNewReplicaSetAnnotations(d: DeploymentObject, rs: ReplicaSetObject, newRevision: string, exists: boolean, revHistoryLimitInChars = MAX_REV_HISTORY_LENGTH_IN_CHARS): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const annotations = (rs.metadata.annotations ??= {});
  const oldRevision = annotations[REVISION_ANNOTATION];
  let oldRevisionInt = 0;
  if (oldRevision !== undefined && oldRevision !== '') {
    if (!/^\d+$/.test(oldRevision)) return false;
    oldRevisionInt = Number(oldRevision);
  }
  const newRevisionInt = Number(newRevision);
  if (!Number.isInteger(newRevisionInt)) return false;
  if (oldRevisionInt < newRevisionInt) {
    annotations[REVISION_ANNOTATION] = newRevision;
    changed = true;
  }
  if (oldRevision !== undefined && oldRevisionInt < newRevisionInt) {
    const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
    const revisions = history ? history.split(',') : [];
    if (revisions.length === 0) {
      annotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
    } else {
      let totalLen = history.length + oldRevision.length + 1;
      let start = 0;
      while (totalLen > revHistoryLimitInChars && start < revisions.length) {
        totalLen -= (revisions[start]?.length ?? 0) + 1;
        start++;
      }
      if (totalLen <= revHistoryLimitInChars) annotations[REVISION_HISTORY_ANNOTATION] = [...revisions.slice(start), oldRevision].join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

// ---- template hash -------------------------------------------------------------------------------

/** JSON with object keys sorted, so equal templates always print the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** 32-bit FNV-1a over bytes. */
export function fnv32a(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const SAFE_ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' rand.SafeEncodeString: each character mapped into a vowel-free alphabet. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += SAFE_ALPHANUMS[ch.charCodeAt(0) % SAFE_ALPHANUMS.length];
  return out;
}

/**
 * The pod-template-hash: FNV-32a over the template's canonical JSON (Kubernetes
 * hashes its Go printout instead, so the values differ from Kubernetes' but are
 * just as stable), then the collision count when set, printed in decimal and
 * safe-encoded. Bumping status.collisionCount gives a new name after a clash.
 */
export function computeHash(template: PodTemplateSpec, collisionCount?: number): string {
  let h = fnv32a(Buffer.from(canonicalJson(template), 'utf8'));
  if (collisionCount !== undefined && collisionCount !== null) {
    const extra = Buffer.alloc(4);
    extra.writeUInt32LE(collisionCount >>> 0);
    h = fnv32a(extra, h);
  }
  return safeEncodeString(String(h));
}

function withoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  const copy: PodTemplateSpec = JSON.parse(JSON.stringify(template ?? {})) as PodTemplateSpec;
  const labels = copy.metadata?.labels;
  if (labels) {
    delete labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
    if (Object.keys(labels).length === 0 && copy.metadata) delete copy.metadata.labels;
  }
  if (copy.metadata && Object.keys(copy.metadata).length === 0) delete copy.metadata;
  return copy;
}

/** Templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return canonicalJson(withoutHash(a)) === canonicalJson(withoutHash(b));
}

/** The Deployment's template with the hash label removed (what a rollback copies back). */
export function templateWithoutHash(template: PodTemplateSpec | undefined): PodTemplateSpec {
  return withoutHash(template);
}

// ---- new and old ReplicaSets ---------------------------------------------------------------------------

/** The oldest ReplicaSet whose template equals the Deployment's: the new one. */
export function findNewReplicaSet(d: DeploymentObject, rss: ReplicaSetObject[]): ReplicaSetObject | undefined {
  return [...rss].sort(byCreationTimestamp).find((rs) => equalIgnoreHash(rs.spec.template, d.spec.template));
}

/** Every other ReplicaSet (allOld) and those of them with replicas (old). */
export function findOldReplicaSets(d: DeploymentObject, rss: ReplicaSetObject[]): { old: ReplicaSetObject[]; allOld: ReplicaSetObject[] } {
  const newRS = findNewReplicaSet(d, rss);
  const allOld = newRS ? rss.filter((rs) => rs !== newRS && rs.metadata.name !== newRS.metadata.name) : [...rss];
  return { old: allOld.filter((rs) => replicasOf(rs) !== 0), allOld };
}

/** The single active ReplicaSet, or when none is active the newest; undefined when several are active. */
export function findActiveOrLatest(newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): ReplicaSetObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreationTimestamp(b, a));
  const active = filterActiveReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** The new ReplicaSet has all replicas, desired as the Deployment, all available. */
export function isSaturated(d: DeploymentObject, rs: ReplicaSetObject | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicasAnnotation(rs);
  return desired === replicasOf(d) && replicasOf(rs) === replicasOf(d) && (rs.status?.availableReplicas ?? 0) === replicasOf(d);
}

/**
 * Replicas the new ReplicaSet may have now. RollingUpdate: up to replicas +
 * maxSurge pods in all, never more than replicas in the new one. Recreate: all.
 */
export function newRSNewReplicas(d: DeploymentObject, allRSs: (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const current = podCount(allRSs);
  const maxTotal = replicasOf(d) + maxSurge(d);
  if (current >= maxTotal) return replicasOf(newRS);
  const scaleUp = Math.min(maxTotal - current, replicasOf(d) - replicasOf(newRS));
  return replicasOf(newRS) + Math.max(0, scaleUp);
}

// ---- proportional scaling ----------------------------------------------------------------------------

/** How much rs should grow (or shrink) when the Deployment went from the annotated size to its current one. */
export function replicaSetFraction(rs: ReplicaSetObject, d: DeploymentObject): number {
  if (replicasOf(d) === 0) return -replicasOf(rs);
  const deploymentMaxReplicas = replicasOf(d) + maxSurge(d);
  let before = maxReplicasAnnotation(rs);
  if (!before) {
    // No annotation (edited away, or written by someone else): use the current size.
    before = d.status?.replicas ?? 0;
    if (!before) return 0;
  }
  const newSize = (replicasOf(rs) * deploymentMaxReplicas) / before;
  return roundHalfAway(newSize) - replicasOf(rs);
}

function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** rs's share of toAdd, given what was already handed out; never past the remainder. */
export function getProportion(rs: ReplicaSetObject | undefined, d: DeploymentObject, toAdd: number, added: number): number {
  if (!rs || replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/**
 * Target sizes when a RollingUpdate Deployment is resized mid-rollout: the
 * difference between the allowed total (replicas + maxSurge) and what the active
 * ReplicaSets have is spread over them by size (Kubernetes' scale()); leftovers
 * go to the largest. Returns name → new size for every active ReplicaSet.
 */
export function proportionalScale(d: DeploymentObject, active: ReplicaSetObject[]): Map<string, number> {
  const allowedSize = replicasOf(d) > 0 ? replicasOf(d) + maxSurge(d) : 0;
  const toAdd = allowedSize - replicaCount(active);
  const sorted = [...active].sort(toAdd > 0 ? bySizeNewer : bySizeOlder);
  const sizes = new Map<string, number>();
  let added = 0;
  for (const rs of sorted) {
    if (toAdd !== 0) {
      const proportion = getProportion(rs, d, toAdd, added);
      sizes.set(rs.metadata.name ?? '', replicasOf(rs) + proportion);
      added += proportion;
    } else {
      sizes.set(rs.metadata.name ?? '', replicasOf(rs));
    }
  }
  const first = sorted[0];
  if (first && toAdd !== 0) {
    const name = first.metadata.name ?? '';
    sizes.set(name, Math.max(0, (sizes.get(name) ?? 0) + toAdd - added));
  }
  return sizes;
}

// ---- history -----------------------------------------------------------------------------------------

/**
 * Old ReplicaSets to delete so that at most revisionHistoryLimit remain: oldest
 * revision first, and only ones fully scaled down (no replicas in spec or status,
 * generation observed) and not already being deleted.
 */
export function replicaSetsToCleanUp(d: DeploymentObject, oldRSs: ReplicaSetObject[]): ReplicaSetObject[] {
  if (!hasRevisionHistoryLimit(d)) return [];
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - (d.spec.revisionHistoryLimit ?? 10);
  if (diff <= 0) return [];
  return [...cleanable]
    .sort(byRevision)
    .slice(0, diff)
    .filter((rs) => (rs.status?.replicas ?? 0) === 0 && replicasOf(rs) === 0 && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
}

// ---- conditions ------------------------------------------------------------------------------------------

export function newCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: number): DeploymentCondition {
  const t = formatTime(now);
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return findCondition(status?.conditions, type);
}

/**
 * Sets a condition: no change when status and reason are the same; when only
 * the reason changes the transition time stays.
 */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

// ---- status and progress ---------------------------------------------------------------------------------------

/** The status the Deployment has for these ReplicaSets (conditions carried over, Available recomputed). */
export function calculateStatus(allRSs: (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined, d: DeploymentObject, now: number): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const total = replicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (available >= replicasOf(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', REASON.MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', REASON.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** All replicas updated and available, and the current generation observed. */
export function deploymentComplete(d: DeploymentObject, status: DeploymentStatus | undefined): boolean {
  const r = replicasOf(d);
  return (status?.updatedReplicas ?? 0) === r && (status?.replicas ?? 0) === r && (status?.availableReplicas ?? 0) === r && (status?.observedGeneration ?? 0) >= (d.metadata.generation ?? 0);
}

/** The new status shows progress over the old: more updated, ready or available pods, or fewer old ones. */
export function deploymentProgressing(d: DeploymentObject, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** The Progressing condition was last updated more than progressDeadlineSeconds ago. */
export function deploymentTimedOut(d: DeploymentObject, status: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getCondition(status, 'Progressing');
  if (!condition) return false;
  if (condition.reason === REASON.NewRSAvailable) return false;
  if (condition.reason === REASON.TimedOut) return true;
  const from = parseTime(condition.lastUpdateTime);
  if (from === undefined) return false;
  return from + (d.spec.progressDeadlineSeconds ?? 600) * 1000 < now;
}

// ---- pods of old ReplicaSets (Recreate) -------------------------------------------------------------------------

/**
 * Old pods still exist: old ReplicaSets report pods, or the cache holds a pod
 * of an old ReplicaSet that has not finished (terminating pods count).
 */
export function oldPodsRunning(newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[], podMap: Map<string, PodObject[]>): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [rsUid, pods] of podMap) {
    if (newRS && newRS.metadata.uid === rsUid) continue;
    for (const pod of pods) {
      if (isPodTerminal(pod)) continue;
      return true;
    }
  }
  return false;
}

/** Groups pods by the uid of the ReplicaSet controlling them (only ReplicaSets listed). */
export function groupPodsByReplicaSet(rss: ReplicaSetObject[], pods: PodObject[]): Map<string, PodObject[]> {
  const map = new Map<string, PodObject[]>();
  for (const rs of rss) map.set(rs.metadata.uid ?? '', []);
  for (const pod of pods) {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') continue;
    map.get(ref.uid)?.push(pod);
  }
  return map;
}
