// Waiting until deleted objects are really gone (kubectl delete --wait): poll
// until Get answers NotFound or returns a different object (new uid).
import { isNotFound, KObject, ResourceInfo } from '@kctl/api';
import type { ApiClient } from '@kctl/client';
import { CliError } from '../../errors';
import { sleep } from '../../util/time';

export interface Deleted {
  info: ResourceInfo;
  namespace: string;
  name: string;
  uid?: string;
}

export interface WaitOptions {
  /** Give up after this long (ms). */
  timeoutMs: number;
  now: () => number;
  signal?: AbortSignal;
  /** First poll interval; doubles up to 1 s. */
  intervalMs?: number;
}

export async function waitForDeletion(client: ApiClient, objects: Deleted[], options: WaitOptions): Promise<void> {
  const deadline = options.now() + options.timeoutMs;
  for (const d of objects) {
    let interval = options.intervalMs ?? 50;
    for (;;) {
      if (options.signal?.aborted) return;
      let live: KObject;
      try {
        live = await client.get(d.info.resource, d.info.namespaced ? d.namespace : '', d.name);
      } catch (err) {
        if (isNotFound(err)) break;
        throw err;
      }
      if (d.uid && live.metadata.uid !== d.uid) break;
      if (options.now() >= deadline) throw new CliError(`timed out waiting for the condition on ${d.info.resource}/${d.name}`);
      await sleep(Math.min(interval, Math.max(0, deadline - options.now())), options.signal);
      interval = Math.min(interval * 2, 1000);
    }
  }
}
