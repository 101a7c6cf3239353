// The narrow storage interface the registry uses. Only the transaction shapes
// the registry needs: create if absent, update/delete if unchanged since a
// known revision. Revisions are etcd's numbers. Implementations throw typed
// errors only: CompactedError below, or a StatusError (Unavailable when the
// store cannot be reached, InternalError otherwise).
import { StatusError } from '@kctl/api';

export interface StoredValue {
  key: string;
  value: string;
  /** etcd mod_revision: the object's resourceVersion. */
  modRevision: number;
  createRevision: number;
}

export interface RangeResult {
  values: StoredValue[];
  /** The revision the range was read at. */
  revision: number;
  /** True when the range held more keys than the limit let through. */
  more: boolean;
  /** Keys in the whole range from start, when asked for (before the limit). */
  count: number;
}

export type WriteResult =
  | { ok: true; revision: number }
  /** The compare failed; current is the stored value now (undefined when absent). */
  | { ok: false; current?: StoredValue };

export interface StorageEvent {
  type: 'put' | 'delete';
  key: string;
  /** For put the new value; for delete undefined. */
  value?: StoredValue;
  /** The value before this event, when etcd still had it. */
  previous?: StoredValue;
  revision: number;
}

/** What a cheap look at one prefix tells about it, at one revision of the whole store. */
export interface PrefixState {
  /** The store's newest revision when it answered. */
  revision: number;
  /** The highest mod revision among the keys under the prefix (0 when none). */
  newestModRevision: number;
  /** How many keys are under the prefix. */
  count: number;
}

export interface StorageWatch {
  cancel(): Promise<void>;
}

export interface WatchHandlers {
  onEvents(events: StorageEvent[]): void;
  /** etcd promises every change up to revision has been delivered (progress notification). */
  onProgress(revision: number): void;
  /** The watch cannot continue: a CompactedError, or a typed Unavailable. It will not be resumed. */
  onError(err: Error): void;
}

export interface Storage {
  get(key: string): Promise<StoredValue | undefined>;
  /** Reads keys in [start, end) at revision (0 = newest), at most limit (0 = all). */
  range(start: string, end: string, options: { revision?: number; limit?: number }): Promise<RangeResult>;
  create(key: string, value: string, options?: { ttlSeconds?: number }): Promise<WriteResult>;
  update(key: string, value: string, expectedModRevision: number): Promise<WriteResult>;
  delete(key: string, expectedModRevision: number): Promise<WriteResult>;
  /** Watches a key prefix from (and including) revision fromRevision. */
  watch(prefix: string, fromRevision: number, handlers: WatchHandlers): Promise<StorageWatch>;
  /** The newest revision of the whole store. */
  currentRevision(): Promise<number>;
  /** The newest revision, and the newest change and key count under a prefix (keys only, no values sent). */
  prefixState(prefix: string): Promise<PrefixState>;
  close(): void;
}

/** The end of a prefix range: every key starting with prefix sorts below it. */
export function prefixEnd(prefix: string): string {
  // Keys are ASCII (names are DNS labels), so bumping the last character is enough.
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

/**
 * A read or watch asked for history that etcd has compacted away. The storage
 * layer throws it; the registry and the watch cache answer Gone.
 */
export class CompactedError extends Error {
  constructor(readonly revision: number) {
    super(`revision ${revision} has been compacted`);
    this.name = 'CompactedError';
  }
}

export function isCompacted(err: unknown): err is CompactedError {
  return err instanceof CompactedError;
}

/**
 * A read asked for a revision etcd has not reached yet. It answers Timeout as
 * Kubernetes does ("Too large resource version"); a list continuing from a
 * token the server never handed out turns it into BadRequest.
 */
export class FutureRevisionError extends StatusError {
  constructor(revision: number, current: number) {
    super('Timeout', `Too large resource version: ${revision}, current: ${current}`);
  }
}

export function isFutureRevision(err: unknown): err is FutureRevisionError {
  return err instanceof FutureRevisionError;
}
