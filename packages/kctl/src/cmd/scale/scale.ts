// kctl scale: set replicas through the scale subresource. With
// --current-replicas or --resource-version the Scale is read first, checked
// (kubectl's "Expected replicas to be 3, was 5") and written back with its
// resourceVersion, retrying on Conflict; otherwise it is written blindly.
// --timeout waits until status.replicas matches.
import { isConflict } from '@kctl/api';
import type { Scale } from '@kctl/client';
import { CliError, ErrorList } from '../../errors';
import { Factory } from '../../factory';
import { sleep } from '../../util/time';
import { BuilderOptions, buildResources, checkBuilderArgs, ResourceItem } from '../builder';
import { VerbOptions } from '../context';
import { parseDurationFlag, parseIntFlag } from '../flags';
import { OperationFormat, parseOperationOutput, printOperation } from '../operation-printer';

export interface ScaleFlags {
  replicas?: string;
  currentReplicas?: string;
  resourceVersion?: string;
  selector?: string;
  all?: boolean;
  filename?: string[];
  recursive?: boolean;
  timeout?: string;
  output?: string;
  dryRun?: string;
}

export interface ScalePrecondition {
  /** -1: no check. */
  size: number;
  resourceVersion?: string;
}

/** kubectl's PreconditionError text, or undefined when the Scale satisfies the precondition. */
export function checkScalePrecondition(p: ScalePrecondition, scale: Pick<Scale, 'spec' | 'metadata'>): string | undefined {
  if (p.size !== -1 && scale.spec.replicas !== p.size) return `Expected replicas to be ${p.size}, was ${scale.spec.replicas}`;
  if (p.resourceVersion && scale.metadata.resourceVersion !== p.resourceVersion) {
    return `Expected resource version to be ${p.resourceVersion}, was ${scale.metadata.resourceVersion ?? ''}`;
  }
  return undefined;
}

/** Give up retrying conflicting writes after this long (kubectl: 5 minutes). */
const CONFLICT_RETRY_MS = 5 * 60_000;

export class ScaleOptions implements VerbOptions {
  replicas = -1;
  currentReplicas = -1;
  timeoutMs = 0;
  format: OperationFormat = { type: 'operation' };
  builder: BuilderOptions = { args: [] };
  flags: ScaleFlags = {};

  constructor(private readonly f: Factory) {}

  complete(args: string[], flags: ScaleFlags): void {
    this.flags = flags;
    if (flags.replicas === undefined) throw new CliError('required flag(s) "replicas" not set');
    this.replicas = parseIntFlag(flags.replicas, '--replicas', -1);
    this.currentReplicas = parseIntFlag(flags.currentReplicas, '--current-replicas', -1);
    this.timeoutMs = parseDurationFlag(flags.timeout, '--timeout', 0);
    this.format = parseOperationOutput(flags.output);
    this.builder = { args, filenames: flags.filename, recursive: flags.recursive, selector: flags.selector, all: flags.all };
  }

  validate(): void {
    if (this.replicas < 0) throw new CliError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    if (this.currentReplicas < -1) throw new CliError('The --current-replicas must specify an integer of -1 or greater');
    const dryRun = this.flags.dryRun ?? 'none';
    if (!['none', 'client'].includes(dryRun)) throw new CliError(`--dry-run=${dryRun} is not supported by kctl scale (use none or client)`);
    checkBuilderArgs(this.builder);
  }

  async run(): Promise<void> {
    const { items, errors } = await buildResources(this.f, this.builder);
    if (errors.length) throw new ErrorList(errors);
    if (this.flags.resourceVersion && items.length > 1) throw new CliError('cannot use --resource-version with multiple resources');
    if (items.length === 0) throw new CliError('no objects passed to scale');
    const precondition = this.currentReplicas !== -1 || this.flags.resourceVersion ? { size: this.currentReplicas, resourceVersion: this.flags.resourceVersion } : undefined;
    for (const item of items) {
      if (this.flags.dryRun === 'client') {
        printOperation(this.f.io.stdout, this.format, item.info, item.object, 'scaled (dry run)');
        continue;
      }
      await this.scaleOne(item, precondition);
      if (this.timeoutMs > 0) await this.waitForReplicas(item);
      printOperation(this.f.io.stdout, this.format, item.info, item.object, 'scaled');
    }
  }

  private async scaleOne(item: ResourceItem, precondition: ScalePrecondition | undefined): Promise<void> {
    const client = this.f.client();
    const deadline = this.f.now() + CONFLICT_RETRY_MS;
    let delay = 50;
    for (;;) {
      try {
        if (!precondition) {
          await client.updateScale(item.info.resource, item.namespace, item.name, this.replicas);
          return;
        }
        const scale = await client.getScale(item.info.resource, item.namespace, item.name);
        const problem = checkScalePrecondition(precondition, scale);
        if (problem) throw new CliError(problem);
        await client.updateScale(item.info.resource, item.namespace, item.name, this.replicas, scale.metadata.resourceVersion);
        return;
      } catch (err) {
        if (!isConflict(err) || this.f.now() >= deadline) throw err;
      }
      await sleep(delay, this.f.io.signal);
      delay = Math.min(delay * 2, 1000);
    }
  }

  /** kubectl's WaitForScaleHasDesiredReplicas: spec and status agree (or someone else changed spec). */
  private async waitForReplicas(item: ResourceItem): Promise<void> {
    const client = this.f.client();
    const deadline = this.f.now() + this.timeoutMs;
    let delay = 100;
    for (;;) {
      const scale = await client.getScale(item.info.resource, item.namespace, item.name);
      if (scale.spec.replicas !== this.replicas || scale.status.replicas === this.replicas) return;
      if (this.f.now() >= deadline || this.f.io.signal?.aborted) throw new CliError(`timed out waiting for "${item.name}" to be synced`);
      await sleep(Math.min(delay, Math.max(0, deadline - this.f.now())), this.f.io.signal);
      delay = Math.min(delay * 2, 1000);
    }
  }
}
