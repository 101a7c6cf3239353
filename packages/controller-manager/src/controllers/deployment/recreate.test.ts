import { deployment, pod } from '../../testing/fixtures';
import type { ReplicaSetObject } from '@kctl/api';
import { harness } from './test-harness';

const image = (rs: ReplicaSetObject): string => rs.spec.template?.spec?.containers[0]?.image ?? '';

describe('Recreate', () => {
  it('scales old ReplicaSets to 0, waits for their pods to be gone, then scales the new one up', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 3, strategy: { type: 'Recreate' } }));
    await h.sync();
    h.settle();
    const [v1] = h.replicaSets();
    expect(v1?.spec.replicas).toBe(3);
    // Pods of v1, as the ReplicaSet controller made them.
    for (const name of ['a', 'b', 'c']) h.api.seed('pods', pod(`web-${name}`, { owner: v1, labels: v1!.spec.template!.metadata!.labels, node: 'n1', ready: true }));

    await h.edit((d) => (d.spec.template.spec!.containers[0]!.image = 'img:2'));
    await h.sync();
    expect(h.replicaSets().map((rs) => [image(rs), rs.spec.replicas])).toEqual([['img:1', 0]]);

    // The ReplicaSet reports no pods, but terminating pods still exist: wait.
    h.settle();
    for (const name of ['a', 'b', 'c']) await h.api.delete('pods', 'default', `web-${name}`);
    await h.sync();
    expect(h.replicaSets()).toHaveLength(1);

    for (const name of ['a', 'b']) h.api.remove('pods', `default/web-${name}`);
    await h.sync();
    expect(h.replicaSets()).toHaveLength(1);

    h.api.remove('pods', 'default/web-c');
    await h.sync();
    expect(h.replicaSets().map((rs) => [image(rs), rs.spec.replicas])).toEqual([
      ['img:1', 0],
      ['img:2', 3],
    ]);
    h.settle();
    await h.sync();
    expect(h.get().status).toMatchObject({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 });
  });

  it('treats finished pods of old ReplicaSets as gone', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 1, strategy: { type: 'Recreate' } }));
    await h.sync();
    h.settle();
    const [v1] = h.replicaSets();
    h.api.seed('pods', pod('web-done', { owner: v1, labels: v1!.spec.template!.metadata!.labels, phase: 'Succeeded' }));
    await h.edit((d) => (d.spec.template.spec!.containers[0]!.image = 'img:2'));
    await h.sync();
    h.settle();
    await h.sync();
    expect(h.replicaSets().map((rs) => rs.spec.replicas)).toEqual([0, 1]);
  });
});
