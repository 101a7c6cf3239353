// Records Events about objects. The correlator (event-correlator.ts) rate-limits
// them and folds repeats and similar events into one Event each, as Kubernetes'
// event correlator does. Each Event has at most one write in flight: occurrences
// that arrive meanwhile only raise its count, and the next write carries the
// latest count, so a burst of similar events costs a few writes, not one each.
import { formatMicroTime, formatTime, isNotFound, KObject } from '@kctl/api';
import { ApiClient } from './api-client';
import { Clock, realClock } from './clock';
import { CorrelatorOptions, DEFAULT_CORRELATOR_OPTIONS, EventCorrelator } from './event-correlator';

export type EventType = 'Normal' | 'Warning';

const MAX_REMEMBERED = 4096;


/** One Event as written (or being written) for a correlation key. */
interface Recorded {
  namespace: string;
  name?: string;
  count: number;
  message: string;
  first: number;
  last: number;
  /** The occurrence that created it: its object, type and reason. */
  obj: KObject;
  type: EventType;
  reason: string;
  writing: boolean;
  /** Changed while a write was in flight: write again. */
  dirty: boolean;
}

export class EventRecorder {
  /** Correlation key → the Event written for it. */
  private readonly written = new Map<string, Recorded>();
  private readonly correlator: EventCorrelator;
  private pending = new Set<Promise<void>>();
  private sequence = 0;

  constructor(
    private readonly client: Pick<ApiClient, 'create' | 'patch'>,
    private readonly component: string,
    private readonly host = '',
    private readonly clock: Clock = realClock,
    correlation: Partial<CorrelatorOptions> = {},
  ) {
    this.correlator = new EventCorrelator(clock, { ...DEFAULT_CORRELATOR_OPTIONS, ...correlation });
  }

  /** Records an event; never throws (events are best effort) but can be awaited with flush(). */
  event(obj: KObject, type: EventType, reason: string, message: string): void {
    const namespace = obj.metadata.namespace || 'default';
    const decided = this.correlator.correlate({
      component: this.component,
      host: this.host,
      kind: obj.kind ?? '',
      namespace,
      name: obj.metadata.name ?? '',
      uid: obj.metadata.uid ?? '',
      apiVersion: obj.apiVersion ?? '',
      type,
      reason,
      message,
    });
    if (!decided) return;
    const now = this.clock.now();
    let record = this.written.get(decided.key);
    if (record) {
      record.count++;
      record.message = decided.message;
      record.last = now;
    } else {
      record = { namespace, count: 1, message: decided.message, first: now, last: now, obj, type, reason, writing: false, dirty: false };
    }
    this.remember(decided.key, record);
    if (record.writing) {
      record.dirty = true;
      return;
    }
    const job = this.drain(decided.key, record).catch(() => undefined);
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  async flush(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** Writes the record until no occurrence arrived during the last write. */
  private async drain(key: string, record: Recorded): Promise<void> {
    record.writing = true;
    try {
      do {
        record.dirty = false;
        if (!record.name) await this.create(record);
        else await this.bump(record);
      } while (record.dirty);
    } catch (err) {
      // Not written: forget it, so the next occurrence creates the Event afresh.
      if (this.written.get(key) === record) this.written.delete(key);
      throw err;
    } finally {
      record.writing = false;
    }
  }

  private async bump(record: Recorded): Promise<void> {
    try {
      await this.client.patch('events', record.namespace, record.name!, {
        count: record.count,
        message: record.message,
        lastTimestamp: formatTime(record.last),
        series: { count: record.count, lastObservedTime: formatMicroTime(record.last) },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      // Expired by its TTL: write a new one.
      record.name = undefined;
      await this.create(record);
    }
  }

  private async create(record: Recorded): Promise<void> {
    const { obj } = record;
    const name = `${obj.metadata.name}.${(this.clock.now() * 1000 + (this.sequence++ % 1000)).toString(16)}`;
    await this.client.create('events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: record.namespace },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion },
      reason: record.reason,
      message: record.message,
      type: record.type,
      source: { component: this.component, host: this.host || undefined },
      firstTimestamp: formatTime(record.first),
      lastTimestamp: formatTime(record.last),
      count: record.count,
      reportingComponent: this.component,
      reportingInstance: this.host,
    });
    record.name = name;
  }

  /** Keeps the newest keys; the oldest are forgotten so a long-running component stays bounded. */
  private remember(key: string, record: Recorded): void {
    this.written.delete(key);
    this.written.set(key, record);
    if (this.written.size > MAX_REMEMBERED) this.written.delete(this.written.keys().next().value!);
  }
}
