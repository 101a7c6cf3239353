// kctl rollout pause | resume | restart: one patch each, computed from the
// object as read (kubectl's ObjectPauser / ObjectResumer / ObjectRestarter).
import { KObject, qualifiedResource } from '@kctl/api';
import { CliError, ErrorList, UsageError } from '../../errors';
import { Factory } from '../../factory';
import { formatRFC3339 } from '../../util/time';
import { BuilderOptions, buildResources, checkBuilderArgs, ResourceItem } from '../builder';
import { VerbOptions } from '../context';
import { isTransportError } from '../fetch';
import { OperationFormat, parseOperationOutput, printOperation } from '../operation-printer';
import { RESTARTED_AT_ANNOTATION } from '@kctl/api';
import { DeploymentLike } from './deployments';

export type RolloutAction = 'pause' | 'resume' | 'restart';

export interface RolloutActionFlags {
  selector?: string;
  filename?: string[];
  recursive?: boolean;
  output?: string;
}

const PAST: Record<RolloutAction, string> = { pause: 'paused', resume: 'resumed', restart: 'restarted' };
const GERUND: Record<RolloutAction, string> = { pause: 'pausing', resume: 'resuming', restart: 'restarting' };

/**
 * The merge patch for one object, or an error message kubectl prints after
 * `resource "name"`. `now` is the restart time (ms since epoch).
 */
export function rolloutPatch(action: RolloutAction, obj: KObject, now: number): { patch: Record<string, unknown> } | { error: string } {
  if (obj.kind !== 'Deployment') return { error: `${GERUND[action]} is not supported` };
  const dep = obj as DeploymentLike;
  const paused = Boolean(dep.spec?.paused);
  switch (action) {
    case 'pause':
      return paused ? { error: 'is already paused' } : { patch: { spec: { paused: true } } };
    case 'resume':
      return paused ? { patch: { spec: { paused: null } } } : { error: 'is not paused' };
    case 'restart': {
      if (paused) return { error: "can't restart paused deployment (run rollout resume first)" };
      const at = formatRFC3339(now);
      if (dep.spec?.template?.metadata?.annotations?.[RESTARTED_AT_ANNOTATION] === at) {
        return { error: `failed to create patch for ${obj.metadata.name ?? ''}: if restart has already been triggered within the past second, please wait before attempting to trigger another` };
      }
      return { patch: { spec: { template: { metadata: { annotations: { [RESTARTED_AT_ANNOTATION]: at } } } } } };
    }
  }
}

export class RolloutActionOptions implements VerbOptions {
  builder: BuilderOptions = { args: [] };
  format: OperationFormat = { type: 'operation' };

  constructor(
    private readonly f: Factory,
    readonly action: RolloutAction,
  ) {}

  complete(args: string[], flags: RolloutActionFlags): void {
    this.builder = { args, filenames: flags.filename, recursive: flags.recursive, selector: flags.selector };
    this.format = parseOperationOutput(flags.output);
  }

  validate(): void {
    if (this.builder.args.length === 0 && !this.builder.filenames?.length) throw new UsageError('Required resource not specified.', `kctl rollout ${this.action}`);
    checkBuilderArgs(this.builder);
  }

  async run(): Promise<void> {
    const { items, errors } = await buildResources(this.f, this.builder);
    for (const item of items) {
      try {
        const result = await this.apply(item);
        if (result) printOperation(this.f.io.stdout, this.format, item.info, result, PAST[this.action]);
      } catch (err) {
        if (isTransportError(err)) throw err;
        errors.push(err);
      }
    }
    if (errors.length) throw new ErrorList(errors);
  }

  private async apply(item: ResourceItem): Promise<KObject | undefined> {
    const computed = rolloutPatch(this.action, item.object, this.f.now());
    if ('error' in computed) {
      // kubectl: fmt.Errorf("error: %s %q %v", resource, name, err); the restart message names the object itself.
      if (computed.error.startsWith('failed to create patch')) throw new CliError(computed.error);
      throw new CliError(`${qualifiedResource(item.info)} "${item.name}" ${computed.error}`);
    }
    return this.f.client().patch(item.info.resource, item.namespace, item.name, computed.patch);
  }
}
