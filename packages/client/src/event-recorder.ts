// Records Events about objects. Repeats of the same event (same object, type,
// reason and message) update one Event's count and lastTimestamp instead of
// writing a new object, as Kubernetes' event correlator does.
import { formatTime, isNotFound, KObject } from '@kctl/api';
import { ApiClient } from './api-client';
import { Clock, realClock } from './clock';

export type EventType = 'Normal' | 'Warning';

const MAX_REMEMBERED = 4096;


export class EventRecorder {
  /** Aggregation key → the Event written for it. */
  private readonly written = new Map<string, { namespace: string; name: string; count: number }>();
  private pending = new Set<Promise<void>>();
  private sequence = 0;

  constructor(
    private readonly client: Pick<ApiClient, 'create' | 'patch'>,
    private readonly component: string,
    private readonly host = '',
    private readonly clock: Clock = realClock,
  ) {}

  /** Records an event; never throws (events are best effort) but can be awaited with flush(). */
  event(obj: KObject, type: EventType, reason: string, message: string): void {
    const job = this.write(obj, type, reason, message).catch(() => undefined);
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private async write(obj: KObject, type: EventType, reason: string, message: string): Promise<void> {
    const namespace = obj.metadata.namespace || 'default';
    const key = [obj.metadata.uid, obj.kind, namespace, obj.metadata.name, type, reason, message].join('\u0000');
    const now = formatTime(this.clock.now());
    const seen = this.written.get(key);
    if (seen) {
      seen.count++;
      try {
        await this.client.patch('events', seen.namespace, seen.name, { count: seen.count, lastTimestamp: now });
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err; // expired by its TTL: write a new one
      }
    }
    const name = `${obj.metadata.name}.${(this.clock.now() * 1000 + (this.sequence++ % 1000)).toString(16)}`;
    await this.client.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion },
      reason,
      message,
      type,
      source: { component: this.component, host: this.host || undefined },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
      reportingComponent: this.component,
      reportingInstance: this.host,
    });
    this.written.delete(key);
    this.written.set(key, { namespace, name, count: 1 });
    // Forget the oldest aggregation keys so a long-running component stays bounded.
    if (this.written.size > MAX_REMEMBERED) this.written.delete(this.written.keys().next().value!);
  }
}
