// The pod lifecycle event generator by relisting, as the kubelet does with
// runtimes that have no events API (containerd 1.6): every period (1 s) it
// lists sandboxes and containers, and tells of each pod UID whose sandbox or
// container states changed since the last list.
import type { Clock, TimerHandle } from '@kctl/client';
import type { ContainerRuntime } from '../runtime/runtime';
import { POD_UID_LABEL } from './runtime-syncer';

export const RELIST_PERIOD_MS = 1_000;

export interface PlegOptions {
  runtime: ContainerRuntime;
  clock: Clock;
  periodMs?: number;
  onPodChanged(uid: string): void;
  onError?(err: unknown): void;
}

export class RelistingPleg {
  private states = new Map<string, string>();
  private timer?: TimerHandle;
  private stopped = false;
  private running?: Promise<void>;

  constructor(private readonly options: PlegOptions) {}

  start(): void {
    this.schedule();
  }

  /** Lists once and reports the pods that changed. */
  async relist(): Promise<void> {
    const { runtime } = this.options;
    const [sandboxes, containers] = await Promise.all([runtime.listPodSandboxes(), runtime.listContainers()]);
    const next = new Map<string, string>();
    for (const s of sandboxes) next.set(`sandbox/${s.id}`, `${s.labels[POD_UID_LABEL] ?? ''} ${s.state}`);
    for (const c of containers) next.set(`container/${c.id}`, `${c.labels[POD_UID_LABEL] ?? ''} ${c.state}`);
    const changed = new Set<string>();
    for (const [id, state] of next) if (this.states.get(id) !== state) changed.add(state.split(' ')[0]!);
    for (const [id, state] of this.states) if (!next.has(id)) changed.add(state.split(' ')[0]!);
    this.states = next;
    for (const uid of changed) if (uid) this.options.onPodChanged(uid);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.options.clock.setTimeout(() => {
      this.running = this.relist()
        .catch((err: unknown) => this.options.onError?.(err))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.options.periodMs ?? RELIST_PERIOD_MS);
  }
}
