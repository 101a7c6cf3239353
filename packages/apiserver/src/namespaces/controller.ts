// Empties namespaces that are being deleted, then removes them. Runs inside the
// apiserver: it needs nothing but the registry, and deleting a namespace is
// then complete without any other component running.
import { KObject, isNotFound } from '@kctl/api';
import { Clock, every, realClock, TimerHandle } from '@kctl/client';
import { GenericStore } from '../registry/generic-store';

export interface NamespaceControllerOptions {
  /** How often terminating namespaces are re-checked. */
  resyncMs: number;
  /** Whether any namespace is terminating now; the timer reads etcd only then. */
  anyTerminating(): boolean;
}

export class NamespaceController {
  private timer?: TimerHandle;
  private running?: Promise<void>;

  constructor(
    private readonly namespaces: GenericStore,
    private readonly namespaced: GenericStore[],
    private readonly options: NamespaceControllerOptions,
    private readonly clock: Clock = realClock,
  ) {}

  start(): void {
    this.timer = every(this.clock, this.options.resyncMs, () => {
      if (this.options.anyTerminating()) this.kick();
    });
  }

  async stop(): Promise<void> {
    this.timer?.cancel();
    await this.running;
  }

  /** Runs a pass now unless one is in progress. */
  kick(): void {
    if (this.running) return;
    this.running = this.syncAll()
      .catch(() => undefined) // etcd unavailable: the next tick retries
      .finally(() => (this.running = undefined));
  }

  private async syncAll(): Promise<void> {
    const { items } = await this.namespaces.list('');
    for (const ns of items) if (ns.metadata.deletionTimestamp) await this.sync(ns);
  }

  /** Deletes what the namespace holds; finalizes it once nothing is left. */
  private async sync(ns: KObject): Promise<void> {
    const name = ns.metadata.name ?? '';
    let remaining = 0;
    for (const store of this.namespaced) {
      const { items } = await store.list(name);
      remaining += items.length;
      for (const obj of items) {
        if (obj.metadata.deletionTimestamp) continue;
        await store.delete(name, obj.metadata.name ?? '').catch((err: unknown) => {
          if (!isNotFound(err)) throw err;
        });
      }
    }
    if (remaining === 0) await this.namespaces.finalize('', name);
  }
}
