// kctl rollout history: a Deployment's revisions from the ReplicaSets it owns
// (kubectl's DeploymentHistoryViewer): a REVISION / CHANGE-CAUSE table sorted by
// revision, or with --revision=N that revision's pod template.
import { CliError, ErrorList, UsageError } from '../../errors';
import { Factory } from '../../factory';
import { tabulate } from '../../printers/tabwriter';
import { BuilderOptions, buildResources, checkBuilderArgs } from '../builder';
import { VerbOptions } from '../context';
import { describePodTemplate } from '../describe/describers/common';
import { PrefixWriter } from '../describe/prefix-writer';
import { parseIntFlag } from '../flags';
import { objectRef } from '../operation-printer';
import { CHANGE_CAUSE_ANNOTATION } from '@kctl/api';
import { DeploymentLike, PodTemplate, ReplicaSetLike, replicaSetsOf, revisionOf } from './deployments';
import { groupKind } from './status';

export interface RolloutHistoryFlags {
  revision?: string;
  selector?: string;
  filename?: string[];
  recursive?: boolean;
}

/** revision → the pod template of that revision, change-cause folded into its annotations. */
export function historyOf(replicaSets: ReplicaSetLike[]): Map<number, PodTemplate> {
  const history = new Map<number, PodTemplate>();
  for (const rs of replicaSets) {
    const revision = revisionOf(rs);
    if (revision === undefined) continue;
    const template = structuredClone(rs.spec?.template ?? {});
    const cause = rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION];
    if (cause) {
      template.metadata ??= {};
      template.metadata.annotations = { ...template.metadata.annotations, [CHANGE_CAUSE_ANNOTATION]: cause };
    }
    history.set(revision, template);
  }
  return history;
}

/** The REVISION / CHANGE-CAUSE table (kubectl's tabwriter: padding 2). */
export function historyTable(history: Map<number, PodTemplate>): string {
  if (history.size === 0) return 'No rollout history found.';
  const revisions = [...history.keys()].sort((a, b) => a - b);
  let text = 'REVISION\tCHANGE-CAUSE\n';
  for (const r of revisions) {
    const cause = history.get(r)?.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION];
    text += `${r}\t${cause || '<none>'}\n`;
  }
  return tabulate(text, { minWidth: 0, padding: 2 });
}

/** One revision's pod template, as `kubectl rollout history --revision` prints it (tabs unaligned). */
export function revisionTemplate(history: Map<number, PodTemplate>, revision: number): string {
  const template = history.get(revision);
  if (!template) throw new CliError('unable to find the specified revision');
  const w = new PrefixWriter({ raw: true });
  describePodTemplate(w, template as Parameters<typeof describePodTemplate>[1]);
  return w.toString();
}

export class RolloutHistoryOptions implements VerbOptions {
  builder: BuilderOptions = { args: [] };
  revision = 0;

  constructor(private readonly f: Factory) {}

  complete(args: string[], flags: RolloutHistoryFlags): void {
    this.builder = { args, filenames: flags.filename, recursive: flags.recursive, selector: flags.selector };
    this.revision = parseIntFlag(flags.revision, '--revision', 0);
  }

  validate(): void {
    if (this.builder.args.length === 0 && !this.builder.filenames?.length) throw new UsageError('Required resource not specified.', 'kctl rollout history');
    if (this.revision < 0) throw new CliError(`revision must be a positive integer: ${this.revision}`);
    checkBuilderArgs(this.builder);
  }

  async run(): Promise<void> {
    const { items, errors } = await buildResources(this.f, this.builder);
    for (const item of items) {
      if (item.info.kind !== 'Deployment') {
        errors.push(new CliError(`no history viewer has been implemented for "${groupKind(item.info)}"`));
        continue;
      }
      const history = historyOf(await replicaSetsOf(this.f.client(), item.object as DeploymentLike));
      const ref = objectRef(item.info, item.name);
      if (this.revision > 0) {
        this.f.io.stdout.write(`${ref} with revision #${this.revision}\n${revisionTemplate(history, this.revision)}\n`);
      } else {
        this.f.io.stdout.write(`${ref} \n${historyTable(history)}\n`);
      }
    }
    if (errors.length) throw new ErrorList(errors);
  }
}
