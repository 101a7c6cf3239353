// A Deployment controller on the in-memory FakeApi for unit tests, with a
// stand-in for the ReplicaSet controller (settle) that sets each ReplicaSet's
// status to its spec with as many available pods as the test says.
import { getControllerOf } from '@kctl/api';
import { deepCopy } from '@kctl/api';
import { FakeClock, ReconcileResult } from '@kctl/client';
import { FakeApi, FakeRecorder } from '../../testing/fake-api';
import type { DeploymentObject, ReplicaSetObject } from '@kctl/api';
import { silentLogger } from '../../util/client-types';

import { MutationCache } from '../../util/mutation-cache';
import { DeploymentContext } from './context';
import { syncDeployment } from './controller';
import { revisionOf } from './util';

export interface Harness {
  clock: FakeClock;
  api: FakeApi;
  recorder: FakeRecorder;
  ctx: DeploymentContext;
  create(d: DeploymentObject): Promise<DeploymentObject>;
  get(name?: string): DeploymentObject;
  /** Changes the Deployment's spec as a user would (update: generation goes up). */
  edit(change: (d: DeploymentObject) => void, name?: string): Promise<DeploymentObject>;
  sync(name?: string): Promise<ReconcileResult>;
  /** The Deployment's ReplicaSets, lowest revision first. */
  replicaSets(name?: string): ReplicaSetObject[];
  /** Plays the ReplicaSet controller: status.replicas = spec; available as given (default all). */
  settle(available?: (rs: ReplicaSetObject) => number): void;
  /** Syncs and settles until a one-replica rollout has had time to finish (six rounds). */
  settleRollout(): Promise<void>;
}

export function harness(start = Date.parse('2026-01-01T00:00:00Z')): Harness {
  const clock = new FakeClock(start);
  const api = new FakeApi({ clock });
  const recorder = new FakeRecorder();
  const ctx: DeploymentContext = {
    client: api,
    deployments: api.informer<DeploymentObject>('deployments'),
    replicaSets: api.informer<ReplicaSetObject>('replicasets'),
    pods: api.informer('pods'),
    recorder,
    clock,
    logger: silentLogger,
    rsCache: new MutationCache<ReplicaSetObject>(clock),
  };
  const get = (name = 'web'): DeploymentObject => {
    const d = api.stored<DeploymentObject>('deployments', `default/${name}`);
    if (!d) throw new Error(`no deployment ${name}`);
    return d;
  };
  const settle: Harness['settle'] = (available = (rs) => rs.spec.replicas ?? 0) => {
    for (const rs of api.all<ReplicaSetObject>('replicasets')) {
      const replicas = rs.spec.replicas ?? 0;
      const avail = Math.min(replicas, available(rs));
      api.modify<ReplicaSetObject>('replicasets', `default/${rs.metadata.name}`, (x) => {
        x.status = { replicas, fullyLabeledReplicas: replicas, readyReplicas: avail, availableReplicas: avail, observedGeneration: x.metadata.generation };
      });
    }
  };
  const sync = (name = 'web'): Promise<ReconcileResult> => syncDeployment(ctx, `default/${name}`);
  return {
    clock,
    api,
    recorder,
    ctx,
    create: (d) => api.create('deployments', d),
    get,
    async edit(change, name = 'web') {
      const d = deepCopy(get(name));
      change(d);
      return api.update('deployments', d);
    },
    sync,
    replicaSets(name = 'web') {
      const uid = get(name).metadata.uid;
      return api
        .all<ReplicaSetObject>('replicasets')
        .filter((rs) => getControllerOf(rs)?.uid === uid)
        .sort((a, b) => revisionOf(a) - revisionOf(b));
    },
    settle,
    async settleRollout() {
      for (let i = 0; i < 6; i++) {
        await sync();
        settle();
      }
    },
  };
}
