// syncReplicaSet: level-triggered reconcile of one ReplicaSet
// (k8s.io/kubernetes/pkg/controller/replicaset/replica_set.go).
import { getControllerOf } from '@kctl/api';
import { deepCopy, isNotFound } from '@kctl/api';
import { Clock, keyOf, ReconcileResult } from '@kctl/client';
import type { PodObject, ReplicaSetObject } from '@kctl/api';
import { ControllerClient, Lister, Logger, Recorder } from '../../util/client-types';
import { claimObjects, newControllerRef, recheckDeletion } from '../../util/controller-ref';
import { compileSelector } from '../../util/labels';
import { isPodActive } from '@kctl/api';
import { ControllerExpectations } from './expectations';
import { BURST_REPLICAS, calculateStatus, getPodsToDelete, SLOW_START_INITIAL_BATCH_SIZE, slowStartBatch, statusNeedsUpdate } from './util';

export interface ReplicaSetSyncDeps {
  client: ControllerClient;
  replicaSets: Lister<ReplicaSetObject>;
  pods: Lister<PodObject>;
  expectations: ControllerExpectations;
  recorder: Recorder;
  clock: Clock;
  logger: Logger;
  burstReplicas?: number;
}

export class ReplicaSetSync {
  private readonly burst: number;

  constructor(private readonly deps: ReplicaSetSyncDeps) {
    this.burst = deps.burstReplicas ?? BURST_REPLICAS;
  }

  async sync(key: string): Promise<ReconcileResult> {
    const { replicaSets, pods, expectations, clock } = this.deps;
    const rs = replicaSets.get(key);
    if (!rs) {
      expectations.deleteExpectations(key);
      return;
    }
    // Read before looking at pods: a satisfied expectation means the pod cache
    // has caught up with every write we made.
    const needsSync = expectations.satisfied(key);
    const matches = compileSelector(rs.spec.selector);
    const namespace = rs.metadata.namespace ?? '';
    const active = pods.byIndex('namespace', namespace).filter(isPodActive);
    const claimed = await claimObjects(active, {
      client: this.deps.client,
      resource: 'pods',
      controller: rs,
      controllerApiVersion: 'apps/v1',
      controllerKind: 'ReplicaSet',
      matches,
      canAdopt: recheckDeletion(this.deps.client, 'replicasets', rs),
    });

    let manageError: unknown;
    if (needsSync && !rs.metadata.deletionTimestamp) {
      try {
        await this.manageReplicas(claimed, rs);
      } catch (err) {
        manageError = err;
      }
    }
    const { status, requeueAfterMs } = calculateStatus(rs, claimed, manageError, clock.now());
    if (statusNeedsUpdate(rs, status)) {
      const copy = deepCopy(rs);
      copy.status = { ...status, observedGeneration: rs.metadata.generation };
      await this.deps.client.updateStatus('replicasets', copy);
    }
    if (manageError) throw manageError;
    return requeueAfterMs !== undefined ? { requeueAfterMs } : undefined;
  }

  /** Creates or deletes pods so that the active ones match spec.replicas. */
  private async manageReplicas(active: PodObject[], rs: ReplicaSetObject): Promise<void> {
    const { client, expectations, recorder } = this.deps;
    const key = keyOf(rs);
    const want = rs.spec.replicas ?? 1;
    const diff = active.length - want;
    if (diff < 0) {
      const count = Math.min(-diff, this.burst);
      // Expect first: the informer may report a new pod before create() returns.
      expectations.expectCreations(key, count);
      const template = this.podFromTemplate(rs);
      const { successes, error } = await slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, async () => {
        try {
          const pod = await client.create<PodObject>('pods', deepCopy(template));
          recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
        } catch (err) {
          recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${err instanceof Error ? err.message : String(err)}`);
          throw err;
        }
      });
      // Creates that failed or never ran will not be observed.
      for (let i = successes; i < count; i++) expectations.creationObserved(key);
      if (error) throw error;
      return;
    }
    if (diff > 0) {
      const count = Math.min(diff, this.burst);
      const toDelete = getPodsToDelete(active, this.relatedPods(rs), count);
      expectations.expectDeletions(key, toDelete.map((p) => keyOf(p)));
      const results = await Promise.allSettled(
        toDelete.map(async (pod) => {
          try {
            await client.delete('pods', pod.metadata.namespace ?? '', pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } });
            recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
          } catch (err) {
            // This delete will never be observed.
            expectations.deletionObserved(key, keyOf(pod));
            if (isNotFound(err)) return;
            recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${err instanceof Error ? err.message : String(err)}`);
            throw err;
          }
        }),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
  }

  private podFromTemplate(rs: ReplicaSetObject): PodObject {
    const template = rs.spec.template ?? {};
    const meta = template.metadata ?? {};
    const pod: PodObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...(meta.labels ?? {}) },
        ownerReferences: [newControllerRef(rs, 'apps/v1', 'ReplicaSet')],
      },
      spec: deepCopy(template.spec ?? { containers: [] }),
    };
    if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
    if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
    return pod;
  }

  /** Pods of every ReplicaSet controlled by this one's controller (for spreading deletes over nodes). */
  private relatedPods(rs: ReplicaSetObject): PodObject[] {
    const owner = getControllerOf(rs);
    const namespace = rs.metadata.namespace ?? '';
    if (!owner) return this.deps.pods.byIndex('namespace', namespace).filter((p) => getControllerOf(p)?.uid === rs.metadata.uid);
    const siblings = new Set(
      this.deps.replicaSets
        .byIndex('namespace', namespace)
        .filter((other) => getControllerOf(other)?.uid === owner.uid)
        .map((other) => other.metadata.uid),
    );
    siblings.add(rs.metadata.uid);
    return this.deps.pods.byIndex('namespace', namespace).filter((p) => siblings.has(getControllerOf(p)?.uid));
  }
}

