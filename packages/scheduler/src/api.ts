// The scheduler's writes to the apiserver, behind a narrow interface so the
// scheduling core can be tested without a server.
import { PodCondition, PodObject } from '@kctl/api';
import { isConflict, isNotFound } from '@kctl/api';
import { ApiClient, EventRecorder, EventType } from '@kctl/client';

export interface SchedulerApi {
  /** Places the pod through pods/binding. Rejects with Conflict when it is already placed. */
  bind(pod: PodObject, nodeName: string): Promise<void>;
  /** Sets (replaces) the pod's PodScheduled condition. */
  setPodScheduledCondition(pod: PodObject, condition: PodCondition): Promise<void>;
  /** Records an Event about the pod (best effort, never throws). */
  event(pod: PodObject, type: EventType, reason: string, message: string): void;
}

export class ClientSchedulerApi implements SchedulerApi {
  constructor(
    private readonly client: ApiClient,
    private readonly recorder: EventRecorder,
  ) {}

  async bind(pod: PodObject, nodeName: string): Promise<void> {
    await this.client.bind(pod.metadata.namespace ?? '', pod.metadata.name ?? '', nodeName, pod.metadata.uid);
  }

  /** updateStatus from the cached pod; on Conflict read it again (at most 5 tries), and give up once it is placed or gone. */
  async setPodScheduledCondition(pod: PodObject, condition: PodCondition): Promise<void> {
    let latest = pod;
    for (let attempt = 1; ; attempt++) {
      const conditions = (latest.status?.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
      conditions.push(condition);
      try {
        await this.client.updateStatus<PodObject>('pods', { ...latest, status: { ...latest.status, conditions } });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err) || attempt >= 5) throw err;
      }
      try {
        latest = await this.client.get<PodObject>('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '');
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      if (latest.spec?.nodeName || latest.metadata.uid !== pod.metadata.uid) return;
    }
  }

  event(pod: PodObject, type: EventType, reason: string, message: string): void {
    this.recorder.event(pod, type, reason, message);
  }
}
