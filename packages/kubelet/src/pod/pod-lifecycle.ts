// The PodSyncer the pod workers drive: runs the pod on the runtime, then
// reports what the runtime holds as the pod's status; on termination stops the
// containers, writes the final status and, for a pod being deleted, removes
// the object (grace 0), so a graceful delete completes.
import { isPodTerminal } from '@kctl/api';
import type { PodObject } from '@kctl/api';
import type { Clock } from '@kctl/client';
import { computePodStatus } from './pod-status';
import type { PodSyncer } from './pod-workers';
import type { RuntimePodSyncer } from './runtime-syncer';
import type { PodStatusManager } from './status-manager';

export interface PodLifecycleOptions {
  runtime: RuntimePodSyncer;
  status: PodStatusManager;
  clock: Clock;
  nodeIP: string;
  /** The runtime's name, the scheme of containerIDs ("containerd"). */
  runtimeName(): string;
}

export class PodLifecycle implements PodSyncer {
  constructor(private readonly options: PodLifecycleOptions) {}

  async syncPod(pod: PodObject): Promise<void> {
    let failure: unknown;
    try {
      await this.options.runtime.syncPod(pod);
    } catch (err) {
      failure = err;
    }
    // Report what did happen even when a step failed; the worker retries the rest.
    await this.writeStatus(pod, false);
    if (failure !== undefined) throw failure;
  }

  async terminatePod(pod: PodObject, gracePeriodSeconds: number): Promise<void> {
    await this.options.runtime.terminatePod(pod, gracePeriodSeconds);
    // A finished pod's status is final as written; a restarted kubelet must not rewrite it.
    const stillActive = !isPodTerminal(pod) && !isPodTerminal({ ...pod, status: this.options.status.status(pod) });
    if (stillActive) await this.writeStatus(pod, true);
    if (pod.metadata.deletionTimestamp) await this.options.status.deletePod(pod);
  }

  async cleanupPod(pod: PodObject): Promise<void> {
    await this.options.runtime.cleanupPod(pod);
    this.options.status.forget(pod.metadata.uid ?? '');
  }

  private async writeStatus(pod: PodObject, terminated: boolean): Promise<void> {
    const { runtime, status, clock, nodeIP } = this.options;
    const uid = pod.metadata.uid ?? '';
    const observed = await runtime.observe(uid);
    const next = computePodStatus({
      pod: { ...pod, status: status.status(pod) }, observed, waiting: runtime.waitingOf(uid), runtimeName: this.options.runtimeName(), nodeIP, now: clock.now(), terminated,
    });
    await status.setStatus(pod, next);
  }
}
