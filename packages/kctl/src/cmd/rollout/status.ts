// kctl rollout status: kubectl's DeploymentStatusViewer on every state of the
// Deployment, read once and then followed through a watch (resumed from the
// last resourceVersion when the stream breaks), until it reports done, fails,
// the Deployment is deleted, or --timeout passes.
import { isGone, isNotFound, KObject, ResourceInfo, WatchEvent } from '@kctl/api';
import { CliError, ErrorList, UsageError } from '../../errors';
import { Factory } from '../../factory';
import { sleep } from '../../util/time';
import { BuilderOptions, buildResources, checkBuilderArgs, ResourceItem } from '../builder';
import { VerbOptions } from '../context';
import { getObject, isTransportError } from '../fetch';
import { parseDurationFlag, parseIntFlag } from '../flags';
import { REVISION_ANNOTATION } from '@kctl/api';
import { DeploymentLike } from './deployments';

export interface RolloutStatusFlags {
  watch?: boolean;
  timeout?: string;
  revision?: string;
  selector?: string;
  filename?: string[];
  recursive?: boolean;
}

export const TIMED_OUT = 'timed out waiting for the condition';

/** "Deployment.apps": a GroupKind as kubectl prints it. */
export function groupKind(info: ResourceInfo): string {
  return info.group ? `${info.kind}.${info.group}` : info.kind;
}

/**
 * kubectl's DeploymentStatusViewer.Status: the line to print and whether the
 * rollout is done. Throws for a failed rollout or a revision mismatch.
 */
export function deploymentStatus(dep: DeploymentLike, revision = 0): { message: string; done: boolean } {
  const name = dep.metadata.name ?? '';
  if (revision > 0) {
    const text = dep.metadata.annotations?.[REVISION_ANNOTATION];
    if (text === undefined || !/^\d+$/.test(text)) throw new CliError(`cannot get the revision of deployment "${name}": ${text === undefined ? 'revision annotation not found' : `strconv.ParseInt: parsing "${text}": invalid syntax`}`);
    if (Number(text) !== revision) throw new CliError(`desired revision (${revision}) is different from the running revision (${text})`);
  }
  const generation = dep.metadata.generation ?? 0;
  const status = dep.status ?? {};
  if (generation <= (status.observedGeneration ?? 0)) {
    const progressing = (status.conditions ?? []).find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') throw new CliError(`deployment "${name}" exceeded its progress deadline`);
    const want = dep.spec?.replicas;
    const updated = status.updatedReplicas ?? 0;
    const total = status.replicas ?? 0;
    const available = status.availableReplicas ?? 0;
    if (want !== undefined && updated < want) {
      return { message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`, done: false };
    }
    if (total > updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...\n`, done: false };
    if (available < updated) return { message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...\n`, done: false };
    return { message: `deployment "${name}" successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
}

export class RolloutStatusOptions implements VerbOptions {
  builder: BuilderOptions = { args: [] };
  flags: RolloutStatusFlags = {};
  timeoutMs = 0;
  revision = 0;

  constructor(private readonly f: Factory) {}

  complete(args: string[], flags: RolloutStatusFlags): void {
    this.flags = flags;
    this.builder = { args, filenames: flags.filename, recursive: flags.recursive, selector: flags.selector };
    this.timeoutMs = parseDurationFlag(flags.timeout, '--timeout', 0);
    this.revision = parseIntFlag(flags.revision, '--revision', 0);
  }

  validate(): void {
    if (this.builder.args.length === 0 && !this.builder.filenames?.length) throw new UsageError('Required resource not specified.', 'kctl rollout status');
    if (this.revision < 0) throw new CliError(`revision must be a positive integer: ${this.revision}`);
    checkBuilderArgs(this.builder);
  }

  async run(): Promise<void> {
    const { items, errors } = await buildResources(this.f, this.builder);
    if (errors.length) throw new ErrorList(errors);
    for (const item of items) {
      if (item.info.kind !== 'Deployment') throw new CliError(`no status viewer has been implemented for ${groupKind(item.info)}`);
      await this.follow(item);
    }
  }

  /** Prints the status of one Deployment on every change until done (UntilWithSync). */
  private async follow(item: ResourceItem): Promise<void> {
    const out = this.f.io.stdout;
    const show = (obj: KObject): boolean => {
      const { message, done } = deploymentStatus(obj as DeploymentLike, this.revision);
      out.write(message);
      return done || this.flags.watch === false;
    };
    if (show(item.object)) return;

    const stop = new AbortController();
    let timedOut = false;
    const timer = this.timeoutMs > 0 ? setTimeout(() => ((timedOut = true), stop.abort()), this.timeoutMs) : undefined;
    const onAbort = (): void => stop.abort();
    this.f.io.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const finished = await this.watchUntil(item, item.object.metadata.resourceVersion ?? '', show, stop.signal);
      if (!finished && timedOut) throw new CliError(TIMED_OUT);
    } finally {
      if (timer) clearTimeout(timer);
      this.f.io.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Watches from resourceVersion; true when show() said done, false when stopped. */
  private async watchUntil(item: ResourceItem, fromVersion: string, show: (obj: KObject) => boolean, signal: AbortSignal): Promise<boolean> {
    const client = this.f.client();
    let resourceVersion = fromVersion;
    let backoff = 100;
    while (!signal.aborted) {
      const stream = client.watch(item.info.resource, { namespace: item.namespace, fieldSelector: `metadata.name=${item.name}`, resourceVersion });
      const onAbort = (): void => stream.stop();
      signal.addEventListener('abort', onAbort, { once: true });
      let relist = false;
      try {
        for await (const ev of stream as AsyncIterable<WatchEvent>) {
          backoff = 100;
          if (ev.type === 'BOOKMARK') {
            resourceVersion = ev.object.metadata.resourceVersion ?? resourceVersion;
            continue;
          }
          if (ev.object.metadata.name !== item.name) continue;
          if (ev.type === 'DELETED') throw new CliError('object has been deleted');
          if (ev.type === 'ERROR') {
            relist = true;
            break;
          }
          resourceVersion = ev.object.metadata.resourceVersion ?? resourceVersion;
          if (show(ev.object)) return true;
        }
      } catch (err) {
        if (err instanceof CliError) throw err;
        if (isGone(err)) relist = true;
        else if (!isTransportError(err) && !(err instanceof Error && err.name === 'StatusError')) throw err;
      } finally {
        signal.removeEventListener('abort', onAbort);
        stream.stop();
      }
      if (signal.aborted) return false;
      // The stream ended or broke: read the object again (it may have changed meanwhile) and resume.
      await sleep(backoff, signal);
      backoff = Math.min(backoff * 2, 5000);
      if (signal.aborted) return false;
      try {
        const fresh = await getObject(client, item.info, item.namespace, item.name);
        if (relist || fresh.metadata.resourceVersion !== resourceVersion) {
          resourceVersion = fresh.metadata.resourceVersion ?? '';
          if (show(fresh)) return true;
        }
      } catch (err) {
        if (isNotFound(err)) throw new CliError('object has been deleted');
        if (!isTransportError(err)) throw err;
      }
    }
    return false;
  }
}

