// Writes pod status through the status subresource, only when it changed from
// what the apiserver last had from this kubelet, and finishes a graceful
// deletion with the final delete (grace 0, UID precondition), as Kubernetes'
// status manager does once the pod's containers stopped.
import { isConflict, isNotFound } from '@kctl/api';
import type { KObject, PodObject, PodStatus } from '@kctl/api';
import { isDeepStrictEqual } from 'node:util';

export interface StatusClient {
  get<T extends KObject = KObject>(resource: string, namespace: string, name: string): Promise<T>;
  updateStatus<T extends KObject = KObject>(resource: string, obj: T): Promise<T>;
  delete<T extends KObject = KObject>(resource: string, namespace: string, name: string, options?: { gracePeriodSeconds?: number; preconditions?: { uid?: string } }): Promise<T>;
}

const MAX_ATTEMPTS = 5;

export class PodStatusManager {
  /** The status last written (or read back) per pod UID. */
  private readonly written = new Map<string, PodStatus>();

  constructor(private readonly client: StatusClient) {}

  /** The newest status this kubelet knows the apiserver has for the pod. */
  status(pod: PodObject): PodStatus | undefined {
    return this.written.get(pod.metadata.uid ?? '') ?? pod.status;
  }

  /** Writes status if it differs; false when the pod is gone (or is another pod by now). */
  async setStatus(pod: PodObject, status: PodStatus): Promise<boolean> {
    const uid = pod.metadata.uid ?? '';
    status = JSON.parse(JSON.stringify(status)) as PodStatus;
    if (isDeepStrictEqual(this.status(pod), status)) return true;
    let current: PodObject = pod;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.updateStatus<PodObject>('pods', { ...current, status });
        // What was sent, not what came back: the next comparison is against this kubelet's own view.
        this.written.set(uid, status);
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        if (!isConflict(err) || attempt >= MAX_ATTEMPTS) throw err;
      }
      try {
        current = await this.client.get<PodObject>('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '');
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
      if (current.metadata.uid !== uid) return false;
    }
  }

  /** The pod's containers are gone: the object may go too. */
  async deletePod(pod: PodObject): Promise<void> {
    try {
      await this.client.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      // Already gone, or the name belongs to a newer pod (UID precondition).
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  }

  forget(uid: string): void {
    this.written.delete(uid);
  }
}
