import { deployment } from '../../testing/fixtures';
import type { ReplicaSetObject } from '@kctl/api';
import { harness } from './test-harness';
import { rolloutStatus, stuckRequeueAfterMs } from './progress';
import { newCondition } from './util';

const image = (rs: ReplicaSetObject): string => rs.spec.template?.spec?.containers[0]?.image ?? '';
const progressing = (h: ReturnType<typeof harness>) => h.get().status?.conditions?.find((c) => c.type === 'Progressing');

describe('progress deadline', () => {
  it('reports ProgressDeadlineExceeded once the rollout made no progress for progressDeadlineSeconds', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 2, progressDeadlineSeconds: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }));
    await h.sync();
    h.settle();
    await h.sync();
    expect(progressing(h)).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });

    await h.edit((d) => (d.spec.template.spec!.containers[0]!.image = 'img:2'));
    const stuck = (rs: ReplicaSetObject): number => (image(rs) === 'img:2' ? 0 : rs.spec.replicas ?? 0);
    await h.sync();
    const newRS = h.replicaSets().find((rs) => image(rs) === 'img:2')!;
    expect(progressing(h)).toMatchObject({ status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${newRS.metadata.name}"` });
    h.settle(stuck);
    await h.sync();
    expect(progressing(h)).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRS.metadata.name}" is progressing.` });

    // Nothing changes now: the controller asks to look again when the deadline has passed.
    await h.clock.step(3000);
    expect(await h.sync()).toEqual({ requeueAfterMs: 8000 });
    await h.clock.step(7000);
    await h.sync();
    expect(progressing(h)?.reason).toBe('ReplicaSetUpdated');
    await h.clock.step(1000);
    await h.sync();
    expect(progressing(h)).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` });
    // Timed out: no more requeues for it.
    expect(await h.sync()).toBeUndefined();

    // Pods finally come up: progress resumes and completes.
    for (let i = 0; i < 10; i++) {
      h.settle();
      await h.sync();
    }
    expect(progressing(h)).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` });
  });

  it('keeps the paused time out of the deadline', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 1, progressDeadlineSeconds: 10 }));
    await h.sync();
    await h.edit((d) => (d.spec.paused = true));
    await h.sync();
    expect(progressing(h)).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' });
    await h.clock.step(60_000);
    await h.edit((d) => (d.spec.paused = false));
    await h.sync();
    const cond = progressing(h);
    expect(cond?.reason).not.toBe('ProgressDeadlineExceeded');
    expect(['DeploymentResumed', 'ReplicaSetUpdated', 'NewReplicaSetAvailable']).toContain(cond?.reason);
  });

  it('has no Progressing condition without a deadline', () => {
    const d = deployment('web', { replicas: 1 });
    d.spec.progressDeadlineSeconds = undefined;
    d.status = { conditions: [newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'x', 0)] };
    const status = rolloutStatus([], undefined, d, 0);
    expect(status.conditions?.map((c) => c.type)).toEqual(['Available']);
    expect(stuckRequeueAfterMs(d, status, 0)).toBeUndefined();
  });

  it('names the Deployment when there is no new ReplicaSet', () => {
    const d = deployment('web', { replicas: 1, progressDeadlineSeconds: 5 });
    d.metadata.generation = 1;
    d.status = { conditions: [newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'x', 0)] };
    const status = rolloutStatus([], undefined, d, 6000);
    expect(status.conditions?.find((c) => c.type === 'Progressing')?.message).toBe('Deployment "web" has timed out progressing.');
  });
});
