// Kubernetes' restart and image-pull backoff: 10 s after the first failure,
// doubling to 5 min, started afresh once a key has been quiet for twice the
// cap. Times come from the caller (the kubelet's clock).

export const INITIAL_BACKOFF_MS = 10_000;
export const MAX_BACKOFF_MS = 300_000;

interface Entry {
  delayMs: number;
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly initialMs = INITIAL_BACKOFF_MS,
    private readonly maxMs = MAX_BACKOFF_MS,
  ) {}

  /**
   * Milliseconds still to wait (0: go ahead): the delay in force counted from
   * `from` (a container's finish), or from the last failure recorded.
   */
  remaining(key: string, now: number, from?: number): number {
    const entry = this.live(key, now);
    if (!entry) return 0;
    return Math.max(0, (from ?? entry.lastUpdate) + entry.delayMs - now);
  }

  /** The delay in force, in ms (0 when none). */
  delay(key: string, now: number): number {
    return this.live(key, now)?.delayMs ?? 0;
  }

  /** Another attempt happens now: the next one waits initialMs, then twice as long each time. */
  next(key: string, now: number): number {
    const entry = this.live(key, now);
    const delayMs = entry ? Math.min(entry.delayMs * 2, this.maxMs) : this.initialMs;
    this.entries.set(key, { delayMs, lastUpdate: now });
    return delayMs;
  }

  forget(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private live(key: string, now: number): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && now - entry.lastUpdate > 2 * this.maxMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
