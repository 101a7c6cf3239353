// Unit tests of controllers check which keys their event handlers queued.
import { WorkQueue } from '@kctl/client';

/** Takes every key queued now, marks each done, and returns them sorted. */
export async function drainQueue(queue: WorkQueue): Promise<string[]> {
  const keys: string[] = [];
  while (queue.length) {
    const key = (await queue.get())!;
    keys.push(key);
    queue.done(key);
  }
  return keys.sort();
}
