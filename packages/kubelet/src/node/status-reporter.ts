// Keeps the Node's status true. Every nodeStatusUpdateFrequency (10 s) it reads
// the Node, computes the status it should have and writes — through the status
// subresource, as a merge patch of only the fields that differ — when anything
// but heartbeat times changed, or when nodeStatusReportFrequency (5 min) passed
// since the last write. That is Kubernetes' kubelet with node leases: the
// Lease is the heartbeat, the Ready condition's lastHeartbeatTime a slow one.
// wake() runs the check at once (the runtime's health changed).
//
// Reading the Node first matters: when the node-lifecycle controller marked it
// Unknown while this kubelet was cut off, the stored status differs from the
// computed one and the kubelet corrects it on its next pass. A Node deleted
// from under a running kubelet is registered again.
import { isNotFound } from '@kctl/api';
import type { NodeCondition, NodeObject, NodeStatus } from '@kctl/api';
import type { ApiClient, Clock } from '@kctl/client';
import { PeriodicTask, startPeriodic } from '../util/periodic';

export const DEFAULT_STATUS_UPDATE_FREQUENCY_MS = 10_000;
export const DEFAULT_STATUS_REPORT_FREQUENCY_MS = 5 * 60_000;
/** Writes tried per pass before waiting for the next one, as Kubernetes' nodeStatusUpdateRetry. */
const UPDATE_ATTEMPTS = 5;

export interface StatusReporterOptions {
  client: ApiClient;
  clock: Clock;
  nodeName: string;
  updateFrequencyMs?: number;
  reportFrequencyMs?: number;
  /** The status the Node should have now, given the conditions as stored. */
  desiredStatus(previous: readonly NodeCondition[] | undefined): NodeStatus;
  /** Registers the Node again (it was deleted) and returns it. */
  reregister(): Promise<NodeObject>;
  onWritten?(node: NodeObject): void;
  onError?(err: unknown): void;
}

function withoutHeartbeats(conditions: readonly NodeCondition[] | undefined): unknown {
  return (conditions ?? []).map(({ lastHeartbeatTime: _, ...rest }) => rest);
}

/** The status fields of desired that differ from stored (heartbeat times aside), or undefined. */
export function statusChanges(stored: NodeStatus | undefined, desired: NodeStatus): Partial<NodeStatus> | undefined {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(desired) as [keyof NodeStatus, unknown][]) {
    const before = stored?.[key];
    const same = key === 'conditions'
      ? JSON.stringify(withoutHeartbeats(before as NodeCondition[] | undefined)) === JSON.stringify(withoutHeartbeats(value as NodeCondition[]))
      : JSON.stringify(before) === JSON.stringify(value);
    if (!same) changes[key] = value;
  }
  return Object.keys(changes).length ? (changes as Partial<NodeStatus>) : undefined;
}

export class NodeStatusReporter {
  readonly updateFrequencyMs: number;
  readonly reportFrequencyMs: number;
  /** When the status was last written (clock ms); 0 before the first write. */
  lastReportAt = 0;
  private task?: PeriodicTask;

  constructor(private readonly options: StatusReporterOptions) {
    this.updateFrequencyMs = options.updateFrequencyMs ?? DEFAULT_STATUS_UPDATE_FREQUENCY_MS;
    this.reportFrequencyMs = options.reportFrequencyMs ?? DEFAULT_STATUS_REPORT_FREQUENCY_MS;
  }

  start(): void {
    this.task ??= startPeriodic(this.options.clock, () => this.sync(), () => this.updateFrequencyMs, (err) => this.options.onError?.(err));
  }

  /** Checks now (after a check in progress). */
  wake(): void {
    this.task?.wake();
  }

  async stop(): Promise<void> {
    await this.task?.stop();
  }

  /** One pass: read, compare, write if changed or due. Throws when every attempt failed. */
  async sync(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.syncOnce();
        return;
      } catch (err) {
        if (attempt >= UPDATE_ATTEMPTS) throw err;
      }
    }
  }

  private async syncOnce(): Promise<void> {
    const { client, clock, nodeName } = this.options;
    let node: NodeObject;
    try {
      node = await client.get<NodeObject>('nodes', '', nodeName);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      node = await this.options.reregister();
    }
    const desired = this.options.desiredStatus(node.status?.conditions);
    const now = clock.now();
    const changes = statusChanges(node.status, desired);
    const due = this.lastReportAt === 0 || now - this.lastReportAt >= this.reportFrequencyMs;
    if (!changes && !due) return;
    // Every write carries the conditions: their lastHeartbeatTime is the write's time.
    const patch = { status: { ...changes, conditions: desired.conditions } };
    const written = await client.patch<NodeObject>('nodes', '', nodeName, patch, { status: true });
    this.lastReportAt = now;
    this.options.onWritten?.(written);
  }
}
