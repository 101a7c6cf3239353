// Registering the Node: create it, or — when it already exists (a restart, or
// a node that left and came back) — adopt it, putting back the labels this
// kubelet owns. The status reporter then writes the status either way.
// Retries forever (until aborted) with a backoff of 100 ms doubling to 7 s,
// as Kubernetes' registerWithAPIServer.
import { isAlreadyExists, isCanceled } from '@kctl/api';
import type { NodeObject } from '@kctl/api';
import type { ApiClient, Clock } from '@kctl/client';
import { RetryDelay } from '../util/periodic';

export interface RegistrationOptions {
  client: ApiClient;
  clock: Clock;
  signal?: AbortSignal;
  onError?(err: unknown): void;
}

/** Labels of want that existing lacks or holds with another value, or undefined when none. */
export function missingLabels(existing: NodeObject, want: Record<string, string>): Record<string, string> | undefined {
  const have = existing.metadata.labels ?? {};
  const missing = Object.entries(want).filter(([k, v]) => have[k] !== v);
  return missing.length ? Object.fromEntries(missing) : undefined;
}

async function registerOnce(client: ApiClient, node: NodeObject, signal: AbortSignal | undefined): Promise<NodeObject> {
  const name = node.metadata.name!;
  try {
    return await client.create<NodeObject>('nodes', node, { signal });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  const existing = await client.get<NodeObject>('nodes', '', name, { signal });
  const labels = missingLabels(existing, node.metadata.labels ?? {});
  return labels ? client.patch<NodeObject>('nodes', '', name, { metadata: { labels } }, { signal }) : existing;
}

/** Creates or adopts the Node and returns it as stored. Rejects only when aborted. */
export async function registerNode(node: NodeObject, options: RegistrationOptions): Promise<NodeObject> {
  const backoff = new RetryDelay(100, 7000);
  for (;;) {
    try {
      return await registerOnce(options.client, node, options.signal);
    } catch (err) {
      if (options.signal?.aborted || isCanceled(err)) throw err;
      options.onError?.(err);
    }
    await sleepUnlessAborted(options.clock, backoff.step(), options.signal);
  }
}

function sleepUnlessAborted(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      timer.cancel();
      reject(signal?.reason instanceof Error ? signal.reason : new Error('registration aborted'));
    };
    const timer = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
