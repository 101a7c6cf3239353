// Periodic etcd compaction, on the Kubernetes apiserver's schedule: every
// interval, compact to the revision seen one interval ago, so at least one
// interval of history stays for watches to resume from.
//
// Several apiservers share one schedule through a compare-and-swap on the
// version of COMPACT_REV_KEY: each round, the first apiserver whose expected
// version still matches bumps it and compacts; the others learn the new
// version and the current revision and try again next round. A round counts
// once however many apiservers run.
import { Clock, realClock, TimerHandle } from '@kctl/client';
import { CompactionStorage } from './compaction-storage';

/** Kubernetes' --etcd-compaction-interval default. */
export const DEFAULT_COMPACTION_INTERVAL_MS = 5 * 60_000;

export interface CompactorOptions {
  /** Time between rounds; 0 turns compaction off. */
  intervalMs: number;
  clock?: Clock;
  /** Told of a failed round; the next round runs on schedule anyway. */
  onError?(err: unknown): void;
}

export class Compactor {
  private readonly clock: Clock;
  /** The compaction key's version as last seen: the round this apiserver expects. */
  private version = 0;
  /** The store's revision at the last round: the next round compacts to it. */
  private revision = 0;
  private timer?: TimerHandle;
  private stopped = false;
  private running?: Promise<void>;
  /** The revision this apiserver last compacted to (0: none yet). */
  compactedRevision = 0;

  constructor(
    private readonly storage: CompactionStorage,
    private readonly options: CompactorOptions,
  ) {
    this.clock = options.clock ?? realClock;
  }

  start(): void {
    if (this.options.intervalMs > 0) this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.running;
  }

  /** One round; exported for tests and run by the timer. */
  async runOnce(): Promise<void> {
    const step = await this.storage.compactionStep(this.version, this.revision);
    const target = this.revision;
    this.version = step.version;
    this.revision = step.revision;
    // The first round only records where history starts; nothing is compacted at start-up.
    if (!step.succeeded || target === 0) return;
    await this.storage.compact(target);
    this.compactedRevision = target;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => {
      this.running = this.runOnce()
        .catch((err: unknown) => this.options.onError?.(err))
        .finally(() => this.schedule());
    }, this.options.intervalMs);
  }
}
