// kctl rollout undo: client-side rollback as modern kubectl does it
// (polymorphichelpers DeploymentRollbacker): find the ReplicaSet of the previous
// revision (or --to-revision), put its pod template (without pod-template-hash)
// back into the Deployment, and take its annotations except those that belong
// to the Deployment. Sent as a merge patch pinned to the resourceVersion the
// decision was made on; on Conflict everything is decided again from fresh state.
import { isConflict } from '@kctl/api';
import { CliError, ErrorList, UsageError } from '../../errors';
import { Factory } from '../../factory';
import { BuilderOptions, buildResources, checkBuilderArgs, itemOf, ResourceItem } from '../builder';
import { VerbOptions } from '../context';
import { getObject } from '../fetch';
import { parseIntFlag } from '../flags';
import { objectRef } from '../operation-printer';
import {
  DESIRED_REPLICAS_ANNOTATION, LAST_APPLIED_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, ROLLBACK_TO_ANNOTATION,
} from '@kctl/api';
import {
  createMergePatch,
  DeploymentLike,
  equalIgnoreHash,
  PodTemplate,
  ReplicaSetLike,
  replicaSetsOf,
  revisionOf,
  withoutHashLabel,
} from './deployments';
import { groupKind } from './status';

export interface RolloutUndoFlags {
  toRevision?: string;
  selector?: string;
  filename?: string[];
  recursive?: boolean;
}

/** Annotations that stay the Deployment's own; all others come from the ReplicaSet rolled back to. */
export const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  ROLLBACK_TO_ANNOTATION,
]);

export const revisionNotFound = (revision: number): CliError => new CliError(`unable to find specified revision ${revision} in history`);

/** deploymentRevision: the ReplicaSet of toRevision, or of the newest revision before the latest (toRevision 0). */
export function replicaSetForRevision(dep: DeploymentLike, replicaSets: ReplicaSetLike[], toRevision: number): ReplicaSetLike {
  let latest: { rs?: ReplicaSetLike; revision: number } = { revision: -1 };
  let previous: { rs?: ReplicaSetLike; revision: number } = { revision: -1 };
  for (const rs of replicaSets) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latest.revision < v) {
        previous = latest;
        latest = { rs, revision: v };
      } else if (previous.revision < v) {
        previous = { rs, revision: v };
      }
    } else if (v === toRevision) {
      return rs;
    }
  }
  if (toRevision > 0) throw revisionNotFound(toRevision);
  if (!previous.rs) throw new CliError(`no rollout history found for deployment "${dep.metadata.name ?? ''}"`);
  return previous.rs;
}

/** The Deployment's annotations after the rollback: its own for the skipped keys, the ReplicaSet's for the rest. */
export function rollbackAnnotations(dep: DeploymentLike, rs: ReplicaSetLike): Record<string, string> {
  const out: Record<string, string> = {};
  const own = dep.metadata.annotations ?? {};
  for (const key of ANNOTATIONS_TO_SKIP) if (own[key] !== undefined) out[key] = own[key];
  for (const [key, value] of Object.entries(rs.metadata.annotations ?? {})) if (!ANNOTATIONS_TO_SKIP.has(key)) out[key] = value;
  return out;
}

export type RollbackPlan = { skipped: true; revision: number } | { skipped: false; template: PodTemplate; annotations: Record<string, string>; patch: Record<string, unknown> };

/** Everything undo decides, without talking to the server. */
export function planRollback(dep: DeploymentLike, replicaSets: ReplicaSetLike[], toRevision: number): RollbackPlan {
  if (toRevision < 0) throw revisionNotFound(toRevision);
  const rs = replicaSetForRevision(dep, replicaSets, toRevision);
  if (dep.spec?.paused) throw new CliError("you cannot rollback a paused deployment; resume it first with 'kctl rollout resume' and try again");
  // kubectl reports the revision asked for, which is 0 without --to-revision; the revision found says more.
  if (equalIgnoreHash(rs.spec?.template, dep.spec?.template)) return { skipped: true, revision: toRevision || (revisionOf(rs) ?? 0) };
  const template = withoutHashLabel(rs.spec?.template);
  const annotations = rollbackAnnotations(dep, rs);
  const patch: Record<string, unknown> = {
    metadata: { resourceVersion: dep.metadata.resourceVersion, annotations: createMergePatch(dep.metadata.annotations ?? {}, annotations) },
    spec: { template: createMergePatch(dep.spec?.template ?? {}, template) },
  };
  return { skipped: false, template, annotations, patch };
}

const CONFLICT_RETRIES = 5;

export class RolloutUndoOptions implements VerbOptions {
  builder: BuilderOptions = { args: [] };
  toRevision = 0;

  constructor(private readonly f: Factory) {}

  complete(args: string[], flags: RolloutUndoFlags): void {
    this.builder = { args, filenames: flags.filename, recursive: flags.recursive, selector: flags.selector };
    this.toRevision = parseIntFlag(flags.toRevision, '--to-revision', 0);
  }

  validate(): void {
    if (this.builder.args.length === 0 && !this.builder.filenames?.length) throw new UsageError('Required resource not specified.', 'kctl rollout undo');
    checkBuilderArgs(this.builder);
  }

  async run(): Promise<void> {
    const { items, errors } = await buildResources(this.f, this.builder);
    for (const item of items) {
      if (item.info.kind !== 'Deployment') {
        errors.push(new CliError(`no rollbacker has been implemented for "${groupKind(item.info)}"`));
        continue;
      }
      try {
        this.f.io.stdout.write(`${objectRef(item.info, item.name)} ${await this.rollback(item)}\n`);
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw new ErrorList(errors);
  }

  private async rollback(start: ResourceItem): Promise<string> {
    const client = this.f.client();
    let item = start;
    for (let attempt = 1; ; attempt++) {
      const dep = item.object as DeploymentLike;
      const plan = planRollback(dep, await replicaSetsOf(client, dep), this.toRevision);
      if (plan.skipped) return `skipped rollback (current template already matches revision ${plan.revision})`;
      try {
        await client.patch('deployments', item.namespace, item.name, plan.patch);
        return 'rolled back';
      } catch (err) {
        if (!isConflict(err) || attempt >= CONFLICT_RETRIES) throw new CliError(`failed restoring revision ${this.toRevision}: ${err instanceof Error ? err.message : String(err)}`);
      }
      item = itemOf(item.info, await getObject(client, item.info, item.namespace, item.name));
    }
  }
}
