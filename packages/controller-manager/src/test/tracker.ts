// Watches a resource and keeps the current objects, checking a condition after
// every event: each event is one state of the cluster as etcd ordered it.
import { KObject } from '@kctl/api';
import { ApiClient, keyOf, WatchStream } from '@kctl/client';

export class Tracker<T extends KObject> {
  readonly objects = new Map<string, T>();
  /** Object key → the etcd revision of its deletion. */
  readonly deletedAt = new Map<string, number>();
  /** Failures reported by the check, with the state they were seen in. */
  readonly violations: string[] = [];
  private stream?: WatchStream<T>;
  private loop?: Promise<void>;

  private constructor(private readonly check?: (objects: T[]) => string | undefined) {}

  static async start<T extends KObject>(client: ApiClient, resource: string, options: { namespace?: string; labelSelector?: string }, check?: (objects: T[]) => string | undefined): Promise<Tracker<T>> {
    const tracker = new Tracker<T>(check);
    const list = await client.list<T>(resource, options);
    for (const obj of list.items) tracker.objects.set(keyOf(obj), obj);
    tracker.verify();
    tracker.stream = client.watch<T>(resource, { ...options, resourceVersion: list.resourceVersion });
    const stream = tracker.stream;
    tracker.loop = (async () => {
      for await (const ev of stream) {
        const key = keyOf(ev.object);
        if (ev.type === 'DELETED') {
          tracker.objects.delete(key);
          tracker.deletedAt.set(key, Number(ev.object.metadata.resourceVersion));
        } else if (ev.type === 'ADDED' || ev.type === 'MODIFIED') {
          tracker.objects.set(key, ev.object);
        }
        tracker.verify();
      }
    })().catch(() => undefined);
    return tracker;
  }

  list(): T[] {
    return [...this.objects.values()];
  }

  async stop(): Promise<void> {
    this.stream?.stop();
    await this.loop;
  }

  private verify(): void {
    const problem = this.check?.(this.list());
    if (problem && this.violations.length < 20) this.violations.push(problem);
  }
}
