import { deployment } from '../../testing/fixtures';
import type { ReplicaSetObject } from '@kctl/api';
import { harness } from './test-harness';

const image = (rs: ReplicaSetObject): string => rs.spec.template?.spec?.containers[0]?.image ?? '';

describe('scaling a Deployment', () => {
  it('scales the only active ReplicaSet and refreshes its annotations', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 3 }));
    await h.sync();
    h.settle();
    await h.edit((d) => (d.spec.replicas = 8));
    await h.sync();
    const [rs] = h.replicaSets();
    expect(rs?.spec.replicas).toBe(8);
    expect(rs?.metadata.annotations).toMatchObject({ 'deployment.kubernetes.io/desired-replicas': '8', 'deployment.kubernetes.io/max-replicas': '10' });
    expect(h.recorder.messages('ScalingReplicaSet').pop()).toBe(`Scaled up replica set ${rs?.metadata.name} from 3 to 8`);
  });

  it('spreads a resize over old and new ReplicaSets mid-rollout', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 10, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } } }));
    await h.sync();
    h.settle();
    await h.edit((d) => (d.spec.template.spec!.containers[0]!.image = 'img:2'));
    const stuck = (rs: ReplicaSetObject): number => (image(rs) === 'img:2' ? 0 : rs.spec.replicas ?? 0);
    for (let i = 0; i < 4; i++) {
      await h.sync();
      h.settle(stuck);
    }
    expect(h.replicaSets().map((rs) => rs.spec.replicas)).toEqual([8, 5]);

    await h.edit((d) => (d.spec.replicas = 20));
    await h.sync();
    // 13 → 23 allowed: 8·23/13 ≈ 14 and 5·23/13 ≈ 9.
    expect(h.replicaSets().map((rs) => rs.spec.replicas)).toEqual([14, 9]);
    for (const rs of h.replicaSets()) expect(rs.metadata.annotations?.['deployment.kubernetes.io/desired-replicas']).toBe('20');

    await h.edit((d) => (d.spec.replicas = 5));
    await h.sync();
    const sizes = h.replicaSets().map((rs) => rs.spec.replicas ?? 0);
    expect(sizes.reduce((a, b) => a + b)).toBe(8);
    expect(sizes).toEqual([5, 3]);
  });

  it('applies scaling while paused, without rolling out', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 2 }));
    await h.sync();
    h.settle();
    await h.edit((d) => {
      d.spec.paused = true;
      d.spec.template.spec!.containers[0]!.image = 'img:2';
      d.spec.replicas = 4;
    });
    await h.sync();
    expect(h.replicaSets().map((rs) => [image(rs), rs.spec.replicas])).toEqual([['img:1', 4]]);
    expect(h.get().status?.observedGeneration).toBe(h.get().metadata.generation);
  });
});
