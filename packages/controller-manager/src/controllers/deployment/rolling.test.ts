import { deployment } from '../../testing/fixtures';
import type { ReplicaSetObject } from '@kctl/api';
import { harness, Harness } from './test-harness';

const image = (rs: ReplicaSetObject): string => rs.spec.template?.spec?.containers[0]?.image ?? '';

/** Syncs and settles until a pass changes no ReplicaSet; returns [old, new] replicas after each change. */
async function rollout(h: Harness, available?: (rs: ReplicaSetObject) => number, maxSteps = 30): Promise<[number, number][]> {
  const steps: [number, number][] = [];
  for (let i = 0; i < maxSteps; i++) {
    const before = h.api.writes('update', 'replicasets').length + h.api.writes('create', 'replicasets').length;
    await h.sync();
    h.settle(available);
    const after = h.api.writes('update', 'replicasets').length + h.api.writes('create', 'replicasets').length;
    if (after === before) return steps;
    const rss = h.replicaSets();
    const old = rss.filter((rs) => image(rs) !== 'img:2').reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
    const fresh = rss.filter((rs) => image(rs) === 'img:2').reduce((n, rs) => n + (rs.spec.replicas ?? 0), 0);
    steps.push([old, fresh]);
  }
  throw new Error('rollout did not settle');
}

async function deployed(replicas: number, maxSurge: number | string, maxUnavailable: number | string): Promise<Harness> {
  const h = harness();
  await h.create(deployment('web', { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } } }));
  await rollout(h);
  await h.edit((d) => (d.spec.template.spec!.containers[0]!.image = 'img:2'));
  return h;
}

describe('RollingUpdate', () => {
  it('moves in steps bounded by maxSurge and maxUnavailable', async () => {
    const h = await deployed(10, 3, 2);
    const steps = await rollout(h);
    // The new ReplicaSet starts at the surge (13 in all); its 3 pods are not
    // available yet, so old may only drop to 8; then each side moves in turn.
    expect(steps).toEqual([
      [8, 3],
      [8, 5],
      [3, 5],
      [3, 10],
      [0, 10],
    ]);
    for (const [old, fresh] of steps) expect(old + fresh).toBeLessThanOrEqual(13);
    expect(h.recorder.messages('ScalingReplicaSet')).toEqual([
      expect.stringMatching(/^Scaled up replica set web-\w+ from 0 to 10$/),
      expect.stringMatching(/^Scaled up replica set web-\w+ from 0 to 3$/),
      expect.stringMatching(/^Scaled down replica set web-\w+ from 10 to 8$/),
      expect.stringMatching(/^Scaled up replica set web-\w+ from 3 to 5$/),
      expect.stringMatching(/^Scaled down replica set web-\w+ from 8 to 3$/),
      expect.stringMatching(/^Scaled up replica set web-\w+ from 5 to 10$/),
      expect.stringMatching(/^Scaled down replica set web-\w+ from 3 to 0$/),
    ]);
    const d = h.get();
    expect(d.status).toMatchObject({ replicas: 10, updatedReplicas: 10, availableReplicas: 10 });
    expect(d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason).toBe('NewReplicaSetAvailable');
  });

  it('with maxUnavailable 0 never scales old pods down before new ones are available', async () => {
    const h = await deployed(4, 1, 0);
    const steps = await rollout(h);
    expect(steps).toEqual([
      [4, 1],
      [3, 1],
      [3, 2],
      [2, 2],
      [2, 3],
      [1, 3],
      [1, 4],
      [0, 4],
    ]);
  });

  it('stops at replicas − maxUnavailable while new pods do not become available', async () => {
    const h = await deployed(10, 3, 2);
    const steps = await rollout(h, (rs) => (image(rs) === 'img:2' ? 0 : rs.spec.replicas ?? 0));
    // Old 10 → 8 keeps 8 available; new grows within the surge, then nothing moves.
    expect(steps).toEqual([
      [8, 3],
      [8, 5],
    ]);
    const d = h.get();
    expect(d.status).toMatchObject({ availableReplicas: 8, updatedReplicas: 5, unavailableReplicas: 5 });
    expect(d.status?.conditions?.find((c) => c.type === 'Available')?.status).toBe('True');
  });

  it('removes unhealthy old replicas first', async () => {
    const h = await deployed(4, 1, 1);
    // The old ReplicaSet has 2 of 4 available: minAvailable 3 is already broken.
    h.settle((rs) => (image(rs) === 'img:1' ? 2 : 0));
    const steps = await rollout(h, (rs) => (image(rs) === 'img:1' ? 2 : rs.spec.replicas ?? 0));
    // Available (2) is already below minAvailable (3), yet an unhealthy old
    // replica goes at once: removing it costs no availability.
    expect(steps[0]).toEqual([3, 1]);
    expect(steps[steps.length - 1]).toEqual([0, 4]);
  });

  it('scales a new ReplicaSet that has too many replicas down', async () => {
    const h = harness();
    await h.create(deployment('web', { replicas: 5 }));
    await rollout(h);
    await h.edit((d) => (d.spec.paused = true));
    await h.edit((d) => (d.spec.replicas = 2));
    await h.sync();
    expect(h.replicaSets()[0]?.spec.replicas).toBe(2);
  });
});
