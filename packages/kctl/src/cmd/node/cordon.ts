// kctl cordon / uncordon NODE... (or -l SELECTOR): set or clear
// spec.unschedulable. Like kubectl, a node that cannot be changed is reported
// on stderr and the others still go on.
import { isNodeUnschedulable, KObject, NodeObject } from '@kctl/api';
import { CliError, ErrorList, UsageError } from '../../errors';
import { Factory } from '../../factory';
import { buildResources, ResourceItem } from '../builder';
import { parseDryRun } from '../apply/apply';
import { VerbOptions } from '../context';
import { objectRef } from '../operation-printer';

export interface NodeSelectionFlags {
  selector?: string;
  dryRun?: string;
}

/** The nodes named, or matched by -l; any that is missing fails the command before anything changes. */
export async function resolveNodes(f: Factory, names: string[], selector: string | undefined): Promise<ResourceItem[]> {
  const builder = selector ? { args: ['nodes'], selector } : { args: ['nodes', ...names] };
  const { items, errors } = await buildResources(f, builder);
  if (errors.length) throw new ErrorList(errors.slice(0, 1));
  return items;
}

/** kubectl's checks on NODE arguments versus --selector. */
export function checkNodeArgs(verb: string, names: string[], selector: string | undefined): void {
  if (names.length === 0 && !selector) throw new UsageError(`USAGE: ${verb} NODE [flags]`, `kctl ${verb}`);
  if (names.length > 0 && selector) throw new UsageError('cannot specify both a node name and a --selector option', `kctl ${verb}`);
}

export const isUnschedulable = (node: KObject): boolean => isNodeUnschedulable(node as NodeObject);

/**
 * Cordons (desired true) or uncordons each node: prints `node/x cordoned` or
 * `node/x already cordoned`; failures go to stderr as kubectl's
 * `error: unable to cordon node "x": ...` and do not stop the others.
 */
export async function cordonOrUncordon(f: Factory, nodes: ResourceItem[], desired: boolean, dryRunFlag?: string): Promise<void> {
  const word = desired ? 'cordon' : 'uncordon';
  const dryRun = parseDryRun(dryRunFlag) === 'client';
  const suffix = dryRun ? ' (dry run)' : '';
  for (const node of nodes) {
    const ref = objectRef(node.info, node.name);
    if (isUnschedulable(node.object) === desired) {
      f.io.stdout.write(`${ref} already ${word}ed${suffix}\n`);
      continue;
    }
    if (!dryRun) {
      try {
        await f.client().patch('nodes', '', node.name, { spec: { unschedulable: desired ? true : null } });
      } catch (err) {
        f.io.stderr.write(`error: unable to ${word} node "${node.name}": ${err instanceof Error ? err.message : String(err)}\n`);
        continue;
      }
    }
    f.io.stdout.write(`${ref} ${word}ed${suffix}\n`);
  }
}

export class CordonOptions implements VerbOptions {
  names: string[] = [];
  flags: NodeSelectionFlags = {};

  constructor(
    private readonly f: Factory,
    readonly desired: boolean,
  ) {}

  complete(names: string[], flags: NodeSelectionFlags): void {
    this.names = names;
    this.flags = flags;
  }

  validate(): void {
    checkNodeArgs(this.desired ? 'cordon' : 'uncordon', this.names, this.flags.selector);
    const dryRun = parseDryRun(this.flags.dryRun);
    if (dryRun === 'server') throw new CliError('--dry-run=server is not supported by kctl (use none or client)');
  }

  async run(): Promise<void> {
    const nodes = await resolveNodes(this.f, this.names, this.flags.selector);
    await cordonOrUncordon(this.f, nodes, this.desired, this.flags.dryRun);
  }
}
