// What the compactor needs of storage: the bookkeeping compare-and-swap that
// lets several apiservers share one compaction schedule, and the compaction.

/** The key whose etcd version counts compactions, as the Kubernetes apiserver keeps it. */
export const COMPACT_REV_KEY = 'compact_rev_key';

export interface CompactionStep {
  /** True when this caller won the round (the key's version was as expected). */
  succeeded: boolean;
  /** The key's version now: the round counter every apiserver agrees on. */
  version: number;
  /** The store's revision when the step ran: what the next round compacts to. */
  revision: number;
}

export interface CompactionStorage {
  /** If the compaction key's version is expectedVersion, records revision in it (bumping the version). */
  compactionStep(expectedVersion: number, revision: number): Promise<CompactionStep>;
  /** Drops history below revision; already compacted past it counts as done. */
  compact(revision: number): Promise<void>;
}
