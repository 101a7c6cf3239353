// Follows a resource's changes for `get --watch` the way an informer does:
// resume from the last resourceVersion after a broken stream (reconnecting
// with backoff), relist on Gone, and never report the same change twice.
import { isGone, isTimeout, isUnavailable, KObject, StatusError, WatchEvent } from '@kctl/api';
import { ApiClient, keyOf } from '@kctl/client';
import { sleep } from '../../util/time';

export interface FollowRequest {
  resource: string;
  namespace: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** The list (or get) this watch follows: what has been shown or skipped already. */
  known: KObject[];
  resourceVersion: string;
  /** A new list for the same selection, after Gone. */
  relist(): Promise<{ items: KObject[]; resourceVersion: string }>;
  onChange(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KObject): void;
  signal?: AbortSignal;
  /** Reconnect backoff: from minMs doubling to maxMs. */
  backoff?: { minMs: number; maxMs: number };
}

/** Failures a retry can cure: the apiserver restarting, unreachable for a while, or slow. */
const transient = (err: unknown): boolean => isUnavailable(err) || isTimeout(err);

/** Runs until signal aborts; throws on a failure a retry cannot cure. */
export async function follow(client: ApiClient, req: FollowRequest): Promise<void> {
  const { minMs, maxMs } = req.backoff ?? { minMs: 200, maxMs: 5000 };
  /** What the output shows now: key → resourceVersion last reported. */
  const shown = new Map(req.known.map((o) => [keyOf(o), o]));
  let resourceVersion = req.resourceVersion;
  let delay = minMs;
  const report = (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KObject): void => {
    const key = keyOf(obj);
    const before = shown.get(key);
    if (type === 'DELETED') {
      if (!before) return;
      shown.delete(key);
    } else {
      if (before?.metadata.resourceVersion === obj.metadata.resourceVersion) return;
      shown.set(key, obj);
    }
    req.onChange(type, obj);
  };

  while (!req.signal?.aborted) {
    try {
      const stream = client.watch(req.resource, {
        namespace: req.namespace,
        labelSelector: req.labelSelector,
        fieldSelector: req.fieldSelector,
        resourceVersion,
        allowBookmarks: true,
        signal: req.signal,
      });
      for await (const event of stream) {
        delay = minMs;
        resourceVersion = apply(event, report) ?? resourceVersion;
      }
      // A stream that ends without error (the apiserver shutting down) is resumed.
    } catch (err) {
      if (req.signal?.aborted) return;
      if (isGone(err)) {
        const list = await relistOrRetry(req, transient);
        if (list) {
          const fresh = new Map(list.items.map((o) => [keyOf(o), o]));
          for (const [key, old] of [...shown]) if (!fresh.has(key)) report('DELETED', old);
          for (const obj of list.items) report(shown.has(keyOf(obj)) ? 'MODIFIED' : 'ADDED', obj);
          resourceVersion = list.resourceVersion;
          continue;
        }
      } else if (!transient(err)) {
        throw err;
      }
    }
    await sleep(delay * (0.5 + Math.random()), req.signal);
    delay = Math.min(maxMs, delay * 2);
  }
}

/** Applies one event; returns the resourceVersion to resume from after it. */
function apply(event: WatchEvent, report: (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KObject) => void): string | undefined {
  if (event.type === 'ERROR') {
    const status = event.object as unknown as { reason?: StatusError['reason']; message?: string };
    throw new StatusError(status.reason ?? 'InternalError', status.message ?? 'watch failed');
  }
  if (event.type !== 'BOOKMARK') report(event.type, event.object);
  return event.object.metadata.resourceVersion || undefined;
}

/** The relist after Gone; undefined when it failed transiently (the caller backs off and retries). */
async function relistOrRetry(req: FollowRequest, retryable: (err: unknown) => boolean): Promise<{ items: KObject[]; resourceVersion: string } | undefined> {
  try {
    return await req.relist();
  } catch (err) {
    if (retryable(err) && !req.signal?.aborted) return undefined;
    throw err;
  }
}
