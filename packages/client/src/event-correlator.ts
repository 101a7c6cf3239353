// Decides what becomes of an Event before it is written, with the rules of
// Kubernetes' event correlator: a per source+object rate limit (a token bucket,
// burst 25, one token back every 5 minutes), and aggregation of similar events
// (same source, involved object kind and namespace, type and reason): once 10
// with different messages came within 10 minutes, the next ones all go to one
// Event whose message says "(combined from similar events): ..." and whose
// count grows. Identical events (same object, reason and message) share one
// Event whose count grows. Pure logic on an injectable clock.
import { Clock } from './clock';

export interface EventFacts {
  component: string;
  host: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  apiVersion: string;
  type: string;
  reason: string;
  message: string;
}

export interface CorrelatorOptions {
  /** Events per source+object before the rate limit applies. Default 25. */
  burst: number;
  /** One more event allowed per source+object every this many ms. Default 5 minutes. */
  refillMs: number;
  /** Different messages of similar events before they are aggregated. Default 10. */
  maxSimilar: number;
  /** Similar events further apart than this start counting afresh. Default 10 minutes. */
  similarWindowMs: number;
  /** Keys remembered per table (oldest forgotten first). Default 4096. */
  maxKeys: number;
}

export const DEFAULT_CORRELATOR_OPTIONS: CorrelatorOptions = {
  burst: 25,
  refillMs: 300_000,
  maxSimilar: 10,
  similarWindowMs: 600_000,
  maxKeys: 4096,
};

export const COMBINED_PREFIX = '(combined from similar events): ';

/** What to write: the Event kept under key gets this occurrence (created if new). */
export interface Correlated {
  key: string;
  message: string;
  aggregated: boolean;
}

/** A Map that forgets its oldest entries beyond a size. */
class BoundedMap<V> extends Map<string, V> {
  constructor(private readonly limit: number) {
    super();
  }

  touch(key: string, value: V): void {
    this.delete(key);
    this.set(key, value);
    if (this.size > this.limit) this.delete(this.keys().next().value!);
  }
}

export class EventCorrelator {
  private readonly buckets: BoundedMap<{ tokens: number; at: number }>;
  private readonly similar: BoundedMap<{ messages: Set<string>; at: number }>;

  constructor(
    private readonly clock: Clock,
    private readonly options: CorrelatorOptions = DEFAULT_CORRELATOR_OPTIONS,
  ) {
    this.buckets = new BoundedMap(options.maxKeys);
    this.similar = new BoundedMap(options.maxKeys);
  }

  /** undefined: dropped by the rate limit. */
  correlate(e: EventFacts): Correlated | undefined {
    if (!this.allow(e)) return undefined;
    const now = this.clock.now();
    const aggregateKey = [e.component, e.host, e.kind, e.namespace, e.type, e.reason].join('\u0000');
    let record = this.similar.get(aggregateKey);
    if (!record || now - record.at > this.options.similarWindowMs) record = { messages: new Set(), at: now };
    record.at = now;
    record.messages.add(e.message);
    this.similar.touch(aggregateKey, record);
    if (record.messages.size < this.options.maxSimilar) {
      return { key: [aggregateKey, e.name, e.uid, e.apiVersion, e.message].join('\u0000'), message: e.message, aggregated: false };
    }
    // Keep the set from growing past the limit; every further one stays aggregated.
    record.messages.delete(record.messages.values().next().value!);
    return { key: aggregateKey, message: COMBINED_PREFIX + e.message, aggregated: true };
  }

  private allow(e: EventFacts): boolean {
    const key = [e.component, e.host, e.kind, e.namespace, e.name, e.uid, e.apiVersion, e.type].join('\u0000');
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.options.burst, at: now };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + (now - bucket.at) / this.options.refillMs);
    bucket.at = now;
    this.buckets.touch(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
