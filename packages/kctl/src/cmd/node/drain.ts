// kctl drain NODE: cordon, then evict every pod on the node that may go
// (kubectl's pkg/drain filters: DaemonSet pods, mirror pods, emptyDir data and
// pods no controller would replace need a flag), then wait until each evicted
// pod is gone: NotFound, or a different pod (uid) under the same name. kctl's
// apiserver has no eviction subresource (and no PodDisruptionBudgets), so an
// eviction is a graceful delete; --disable-eviction says "deleted" instead.
import { getControllerOf, isNotFound, isPodTerminal, KObject, MIRROR_POD_ANNOTATION, parseLabelSelector, PodObject } from '@kctl/api';
import { CliError, ExitError, formatError } from '../../errors';
import { Factory } from '../../factory';
import { sleep } from '../../util/time';
import { parseDryRun } from '../apply/apply';
import { VerbOptions } from '../context';
import { isTransportError } from '../fetch';
import { parseDurationFlag, parseIntFlag } from '../flags';
import { checkNodeArgs, cordonOrUncordon, resolveNodes } from './cordon';

export interface DrainFlags {
  selector?: string;
  podSelector?: string;
  force?: boolean;
  ignoreDaemonsets?: boolean;
  deleteEmptydirData?: boolean;
  deleteLocalData?: boolean;
  disableEviction?: boolean;
  gracePeriod?: string;
  timeout?: string;
  dryRun?: string;
}

export interface DrainSettings {
  force: boolean;
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
}

export const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
export const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
export const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
export const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
// kubectl 1.32's constant reads "cannot delete Pods that ..." and its error adds
// another "cannot delete "; kctl says it once.
export const UNMANAGED_FATAL = 'Pods that declare no controller (use --force to override)';
export const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

export type PodDeleteStatus = { delete: boolean; reason: 'Okay' | 'Skip' | 'Warning' | 'Error'; message?: string };

type PodLike = PodObject;

const okay: PodDeleteStatus = { delete: true, reason: 'Okay' };

/** kubectl's filters in their order; the first that keeps a pod decides, else the last one's status stands. */
export function podDeleteStatus(pod: PodLike, s: DrainSettings): PodDeleteStatus {
  const filters: ((p: PodLike) => PodDeleteStatus)[] = [
    (p) => {
      if (getControllerOf(p)?.kind !== 'DaemonSet' || isPodTerminal(p)) return okay;
      return s.ignoreDaemonSets ? { delete: false, reason: 'Warning', message: DAEMONSET_WARNING } : { delete: false, reason: 'Error', message: DAEMONSET_FATAL };
    },
    (p) => (p.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined ? { delete: false, reason: 'Skip' } : okay),
    (p) => {
      if (!(p.spec?.volumes ?? []).some((v) => v.emptyDir !== undefined && v.emptyDir !== null) || isPodTerminal(p)) return okay;
      return s.deleteEmptyDirData ? { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING } : { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
    },
    (p) => {
      if (isPodTerminal(p) || getControllerOf(p)) return okay;
      return s.force ? { delete: true, reason: 'Warning', message: UNMANAGED_WARNING } : { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
    },
  ];
  let status = okay;
  for (const filter of filters) {
    status = filter(pod);
    if (!status.delete) break;
  }
  return status;
}

export interface PodDeleteList {
  pods: PodLike[];
  /** "cannot delete <why>: ns/a, ns/b", one per reason. */
  errors: string[];
  /** "<why>: ns/a, ns/b; <why>: ..." */
  warnings: string;
}

const ref = (p: KObject): string => `${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`;

function grouped(items: { pod: PodLike; status: PodDeleteStatus }[], reason: PodDeleteStatus['reason']): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const { pod, status } of items) {
    if (status.reason !== reason) continue;
    const key = status.message || 'unexpected error';
    out.set(key, [...(out.get(key) ?? []), ref(pod)]);
  }
  return out;
}

export function podsForDeletion(pods: PodLike[], s: DrainSettings): PodDeleteList {
  const items = pods.map((pod) => ({ pod, status: podDeleteStatus(pod, s) }));
  return {
    pods: items.filter((i) => i.status.delete).map((i) => i.pod),
    errors: [...grouped(items, 'Error')].map(([msg, names]) => `cannot delete ${msg}: ${names.join(', ')}`),
    warnings: [...grouped(items, 'Warning')].map(([msg, names]) => `${msg}: ${names.join(', ')}`).join('; '),
  };
}

/** Go's utilerrors aggregate text: the message alone, or "[a, b]". */
const aggregate = (messages: string[]): string => (messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`);

/** Waiting stopped before every pod was gone. */
class DeadlineError extends Error {}

export class DrainOptions implements VerbOptions {
  names: string[] = [];
  flags: DrainFlags = {};
  settings: DrainSettings = { force: false, ignoreDaemonSets: false, deleteEmptyDirData: false };
  gracePeriodSeconds = -1;
  timeoutMs = 0;

  constructor(private readonly f: Factory) {}

  complete(names: string[], flags: DrainFlags): void {
    this.names = names;
    this.flags = flags;
    this.settings = { force: Boolean(flags.force), ignoreDaemonSets: Boolean(flags.ignoreDaemonsets), deleteEmptyDirData: Boolean(flags.deleteEmptydirData || flags.deleteLocalData) };
    this.gracePeriodSeconds = parseIntFlag(flags.gracePeriod, '--grace-period', -1);
    this.timeoutMs = parseDurationFlag(flags.timeout, '--timeout', 0);
  }

  validate(): void {
    checkNodeArgs('drain', this.names, this.flags.selector);
    if (parseDryRun(this.flags.dryRun) === 'server') throw new CliError('--dry-run=server is not supported by kctl (use none or client)');
    if (this.flags.podSelector) {
      try {
        parseLabelSelector(this.flags.podSelector);
      } catch {
        throw new CliError('--pod-selector=<pod_selector> must be a valid label selector');
      }
    }
  }

  async run(): Promise<void> {
    const nodes = await resolveNodes(this.f, this.names, this.flags.selector);
    if (this.flags.deleteLocalData) this.f.io.stderr.write('Flag --delete-local-data has been deprecated, This option is deprecated and will be deleted. Use --delete-emptydir-data.\n');
    await cordonOrUncordon(this.f, nodes, true, this.flags.dryRun);
    const fatal: string[] = [];
    const remaining: string[] = [];
    for (const node of nodes) {
      try {
        await this.drainNode(node.name);
        this.f.io.stdout.write(`node/${node.name} drained${this.dryRun ? ' (dry run)' : ''}\n`);
      } catch (err) {
        if (isTransportError(err)) throw err;
        const text = err instanceof CliError || err instanceof DeadlineError ? err.message : formatError(err).replace(/^error: /, '');
        this.f.io.stderr.write(`error: unable to drain node "${node.name}" due to error: ${text}, continuing command...\n`);
        fatal.push(text);
        remaining.push(node.name);
      }
    }
    if (remaining.length) {
      this.f.io.stderr.write(`There are pending nodes to be drained:\n${remaining.map((n) => ` ${n}\n`).join('')}`);
      this.f.io.stderr.write(`error: ${aggregate(fatal)}\n`);
      throw new ExitError(1);
    }
  }

  private get dryRun(): boolean {
    return parseDryRun(this.flags.dryRun) === 'client';
  }

  private async podsOn(node: string): Promise<PodDeleteList> {
    const list = await this.f.client().listAll('pods', { fieldSelector: `spec.nodeName=${node}`, labelSelector: this.flags.podSelector });
    // The field selector is the server's; check it here too.
    return podsForDeletion((list.items as PodLike[]).filter((p) => p.spec?.nodeName === node), this.settings);
  }

  private async drainNode(node: string): Promise<void> {
    const list = await this.podsOn(node);
    if (list.errors.length) throw new CliError(aggregate(list.errors));
    if (list.warnings) this.f.io.stderr.write(`Warning: ${list.warnings}\n`);
    const out = this.f.io.stdout;
    if (this.dryRun) {
      for (const pod of list.pods) out.write(`evicting pod ${ref(pod)} (dry run)\n`);
      return;
    }
    try {
      await this.evict(list.pods);
    } catch (err) {
      const pending = await this.podsOn(node).catch(() => undefined);
      if (pending?.pods.length) {
        this.f.io.stderr.write(`There are pending pods in node "${node}" when an error occurred: ${(err as Error).message}\n`);
        for (const p of pending.pods) this.f.io.stderr.write(`pod/${p.metadata.name ?? ''}\n`);
      }
      throw err;
    }
  }

  /** Deletes (evicts) the pods, then waits for each to be gone, printing as they go. */
  private async evict(pods: PodLike[]): Promise<void> {
    const client = this.f.client();
    const eviction = !this.flags.disableEviction;
    const deadline = this.timeoutMs > 0 ? this.f.now() + this.timeoutMs : Infinity;
    const waiting: PodLike[] = [];
    for (const pod of pods) {
      if (eviction) this.f.io.stdout.write(`evicting pod ${ref(pod)}\n`);
      try {
        await client.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', this.gracePeriodSeconds >= 0 ? { gracePeriodSeconds: this.gracePeriodSeconds } : {});
      } catch (err) {
        if (isNotFound(err)) continue;
        throw new CliError(eviction ? `error when evicting pods/"${pod.metadata.name ?? ''}" -n "${pod.metadata.namespace ?? ''}": ${(err as Error).message}` : (err as Error).message);
      }
      waiting.push(pod);
    }
    const results = await Promise.allSettled(waiting.map((pod) => this.waitGone(pod, deadline, eviction)));
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason instanceof Error ? r.reason.message : String(r.reason)));
    if (failures.length) throw new DeadlineError(aggregate(failures));
  }

  /** kubectl's waitForDelete for one pod: NotFound or a new uid means gone. */
  private async waitGone(pod: PodLike, deadline: number, eviction: boolean): Promise<void> {
    const client = this.f.client();
    const namespace = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    let delay = 50;
    for (;;) {
      let gone = false;
      try {
        const live = await client.get('pods', namespace, name);
        gone = live.metadata.uid !== pod.metadata.uid;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        gone = true;
      }
      if (gone) {
        this.f.io.stdout.write(`pod/${name} ${eviction ? 'evicted' : 'deleted'}\n`);
        return;
      }
      if (this.f.now() >= deadline || this.f.io.signal?.aborted) {
        throw new Error(eviction ? `error when waiting for pod "${name}" in namespace "${namespace}" to terminate: context deadline exceeded` : 'context deadline exceeded');
      }
      await sleep(Math.min(delay, Math.max(0, deadline - this.f.now())), this.f.io.signal);
      delay = Math.min(delay * 2, 1000);
    }
  }
}
