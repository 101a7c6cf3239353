// A controller's own writes laid over an informer cache (client-go's
// MutationCache): the server's answer to a write is newer than the cache until
// the watch delivers it, and deciding from the older copy would repeat or undo
// the write. Entries go once the cache has caught up, or after a TTL.
import { KObject } from '@kctl/api';
import { Clock, keyOf } from '@kctl/client';

/** resourceVersion as a number (an etcd revision); 0 when absent or not numeric. */
export function revisionOf(obj: KObject): number {
  const n = Number(obj.metadata.resourceVersion ?? 0);
  return Number.isFinite(n) ? n : 0;
}

export class MutationCache<T extends KObject> {
  private readonly entries = new Map<string, { obj: T; at: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 60_000,
  ) {}

  /** Remembers the server's answer to a create or update. */
  mutated(obj: T): void {
    const key = keyOf(obj);
    const existing = this.entries.get(key);
    if (existing && revisionOf(existing.obj) > revisionOf(obj)) return;
    this.entries.set(key, { obj: Object.freeze(obj), at: this.clock.now() });
  }

  /** Forgets an object that was deleted. */
  deleted(key: string): void {
    this.entries.delete(key);
  }

  /** The newer of the cached copy and our last write. */
  newer(cached: T): T {
    const key = keyOf(cached);
    const entry = this.live(key);
    if (!entry) return cached;
    if (revisionOf(entry.obj) > revisionOf(cached)) return entry.obj;
    this.entries.delete(key);
    return cached;
  }

  /**
   * The cached list with our newer writes laid over it, plus objects we created
   * that the cache has not seen yet (those accepted by include).
   */
  overlay(cached: T[], include: (obj: T) => boolean): T[] {
    const seen = new Set<string>();
    const out = cached.map((obj) => {
      seen.add(keyOf(obj));
      return this.newer(obj);
    });
    for (const [key, entry] of [...this.entries]) {
      if (seen.has(key) || !this.live(key)) continue;
      if (include(entry.obj)) out.push(entry.obj);
    }
    return out;
  }

  get size(): number {
    return this.entries.size;
  }

  private live(key: string): { obj: T; at: number } | undefined {
    const entry = this.entries.get(key);
    if (entry && this.clock.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
