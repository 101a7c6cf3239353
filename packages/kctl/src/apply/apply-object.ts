// Applies one object: create it (recording last-applied) when it does not
// exist, otherwise three-way merge it into the live object and Update with the
// live resourceVersion, recomputing on Conflict.
import { isConflict, isNotFound, KObject, ResourceInfo } from '@kctl/api';
import { ApiClient, retryOnConflict } from '@kctl/client';
import { deepEqual, isRecord } from '../util/json';
import { readLastApplied, withLastApplied, LAST_APPLIED } from './last-applied';
import { threeWayMerge } from './merge';

export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

/** Fields the server owns: a manifest's values for them (often `null`) are not applied. */
const SERVER_METADATA = ['creationTimestamp', 'resourceVersion', 'uid', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

/** What apply merges: the manifest without status and server-owned metadata. */
function mergeable(obj: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...obj };
  delete copy.status;
  if (isRecord(copy.metadata)) {
    const metadata = { ...copy.metadata };
    for (const k of SERVER_METADATA) delete metadata[k];
    copy.metadata = metadata;
  }
  return copy;
}
export type DryRun = 'none' | 'client' | 'server';

export interface ApplyObjectOptions {
  dryRun: DryRun;
  /** Warnings for stderr (a live object without the last-applied annotation). */
  warn(message: string): void;
}

/** Where a failure happened, for kubectl's "error when creating/patching" wording. */
export class ApplyStepError extends Error {
  constructor(
    readonly step: 'creating' | 'patching' | 'retrieving current configuration of',
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

export async function applyObject(client: ApiClient, info: ResourceInfo, manifest: KObject, options: ApplyObjectOptions): Promise<{ outcome: ApplyOutcome; object: KObject }> {
  const namespace = info.namespaced ? (manifest.metadata.namespace ?? '') : '';
  const name = manifest.metadata.name ?? '';
  const modified = withLastApplied(manifest) as KObject;
  let warned = false;
  return retryOnConflict(async () => {
    let live: KObject | undefined;
    try {
      live = await client.get(info.resource, namespace, name);
    } catch (err) {
      if (!isNotFound(err)) throw new ApplyStepError('retrieving current configuration of', err);
    }
    if (!live) {
      if (options.dryRun === 'client') return { outcome: 'created' as const, object: modified };
      try {
        const created = await client.create(info.resource, modified, { namespace, dryRun: options.dryRun === 'server' });
        return { outcome: 'created' as const, object: created };
      } catch (err) {
        throw new ApplyStepError('creating', err);
      }
    }
    const original = readLastApplied(live);
    if (!original && !warned) {
      warned = true;
      options.warn(
        `Warning: resource ${info.resource}/${name} is missing the ${LAST_APPLIED} annotation which is required by kctl apply. kctl apply should only be used on resources created declaratively by either kctl create --save-config or kctl apply. The missing annotation will be patched automatically.`,
      );
    }
    const desired = threeWayMerge(original && mergeable(original), mergeable(modified), live) as KObject;
    if (deepEqual(desired, live)) return { outcome: 'unchanged' as const, object: live };
    if (options.dryRun === 'client') return { outcome: 'configured' as const, object: desired };
    try {
      const updated = await client.update(info.resource, desired, { dryRun: options.dryRun === 'server' });
      return { outcome: 'configured' as const, object: updated };
    } catch (err) {
      // A Conflict goes back to retryOnConflict, which reads the object again.
      if (isConflict(err)) throw err;
      throw new ApplyStepError('patching', err);
    }
  }, 5);
}
