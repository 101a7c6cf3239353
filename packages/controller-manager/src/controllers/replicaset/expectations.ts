// Expectations (k8s.io/kubernetes/pkg/controller/controller_utils.go): how many
// creates and which deletes a controller has in flight for a key. Until the
// informer has observed them all, the cache is behind the controller's own
// writes, and acting on it would create or delete twice. A record that is not
// fulfilled within the timeout (5 minutes, as Kubernetes) is ignored, so a lost
// watch event can not wedge a controller for good.
import { Clock } from '@kctl/client';

export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

interface Expectation {
  adds: number;
  /** Keys of the objects whose deletion is awaited. */
  deletes: Set<string>;
  at: number;
}

export class ControllerExpectations {
  private readonly records = new Map<string, Expectation>();

  constructor(
    private readonly clock: Clock,
    private readonly timeoutMs = EXPECTATIONS_TIMEOUT_MS,
  ) {}

  /** True when nothing is awaited for key (or the wait expired): the controller may act. */
  satisfied(key: string): boolean {
    const record = this.records.get(key);
    if (!record) return true;
    if (record.adds <= 0 && record.deletes.size === 0) return true;
    return this.clock.now() - record.at > this.timeoutMs;
  }

  expectCreations(key: string, count: number): void {
    this.records.set(key, { adds: count, deletes: new Set(), at: this.clock.now() });
  }

  expectDeletions(key: string, objectKeys: string[]): void {
    this.records.set(key, { adds: 0, deletes: new Set(objectKeys), at: this.clock.now() });
  }

  /** The informer saw one of the creates (or one will never happen). */
  creationObserved(key: string): void {
    const record = this.records.get(key);
    if (record && record.adds > 0) record.adds--;
  }

  /** The informer saw objectKey deleted (or being deleted); only awaited keys count. */
  deletionObserved(key: string, objectKey: string): void {
    this.records.get(key)?.deletes.delete(objectKey);
  }

  deleteExpectations(key: string): void {
    this.records.delete(key);
  }

  /** What is still awaited, for tests and debugging. */
  pending(key: string): { adds: number; deletes: number } | undefined {
    const record = this.records.get(key);
    return record ? { adds: Math.max(0, record.adds), deletes: record.deletes.size } : undefined;
  }
}
