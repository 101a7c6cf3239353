import { deployment, replicaSet } from '../../testing/fixtures';
import type { DeploymentObject } from '@kctl/api';
import {
  calculateStatus, canonicalJson, computeHash, deploymentComplete, deploymentProgressing, deploymentTimedOut, equalIgnoreHash, findActiveOrLatest,
  findNewReplicaSet, findOldReplicaSets, fnv32a, getProportion, isSaturated, lastRevision, maxRevision, maxSurge, maxUnavailable, newCondition,
  newRSNewReplicas, proportionalScale, replicaSetsToCleanUp, resolveFenceposts, safeEncodeString, scaledValueFromIntOrPercent, setCondition,
  setNewReplicaSetAnnotations,
} from './util';

const rolling = (replicas: number, maxSurgeValue: number | string, maxUnavailableValue: number | string): DeploymentObject =>
  deployment('web', { replicas, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: maxSurgeValue, maxUnavailable: maxUnavailableValue } } });

describe('maxSurge / maxUnavailable', () => {
  it('resolves ints and percentages: surge rounds up, unavailable rounds down', () => {
    expect(scaledValueFromIntOrPercent('25%', 10, true)).toBe(3);
    expect(scaledValueFromIntOrPercent('25%', 10, false)).toBe(2);
    expect(scaledValueFromIntOrPercent(4, 10, false)).toBe(4);
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts('25%', '25%', 1)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts(undefined, undefined, 4)).toEqual({ surge: 1, unavailable: 1 });
    expect(() => scaledValueFromIntOrPercent('a lot', 10, true)).toThrow(/invalid value/);
  });

  it('makes maxUnavailable 1 when both resolve to 0', () => {
    expect(resolveFenceposts(0, 0, 10)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts('1%', '1%', 10)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts('0%', '1%', 10)).toEqual({ surge: 0, unavailable: 1 });
  });

  it('caps maxUnavailable at replicas and is 0 for Recreate', () => {
    expect(maxUnavailable(rolling(3, 0, 5))).toBe(3);
    expect(maxUnavailable(rolling(0, 1, 1))).toBe(0);
    const recreate = deployment('web', { replicas: 5, strategy: { type: 'Recreate' } });
    expect(maxUnavailable(recreate)).toBe(0);
    expect(maxSurge(recreate)).toBe(0);
    expect(maxSurge(rolling(10, '25%', 0))).toBe(3);
  });
});

describe('newRSNewReplicas', () => {
  it('grows the new ReplicaSet up to replicas + maxSurge pods in all', () => {
    const d = rolling(10, 3, 2);
    const old = replicaSet('web-old', 10);
    const fresh = replicaSet('web-new', 0);
    expect(newRSNewReplicas(d, [old, fresh], fresh)).toBe(3);
    expect(newRSNewReplicas(d, [replicaSet('web-old', 5), replicaSet('web-new', 3)], replicaSet('web-new', 3))).toBe(8);
    // Never beyond replicas.
    expect(newRSNewReplicas(d, [replicaSet('web-old', 0), replicaSet('web-new', 9)], replicaSet('web-new', 9))).toBe(10);
    // Nothing while the total is at the limit.
    expect(newRSNewReplicas(d, [old, replicaSet('web-new', 3)], replicaSet('web-new', 3))).toBe(3);
  });

  it('counts pods an old ReplicaSet still has after its spec went down', () => {
    const d = rolling(10, 3, 2);
    const old = replicaSet('web-old', 5, { status: { replicas: 10 } });
    const fresh = replicaSet('web-new', 3, { status: { replicas: 3 } });
    expect(newRSNewReplicas(d, [old, fresh], fresh)).toBe(3);
  });

  it('gives Recreate all replicas at once', () => {
    const d = deployment('web', { replicas: 4, strategy: { type: 'Recreate' } });
    expect(newRSNewReplicas(d, [replicaSet('web-new', 0)], replicaSet('web-new', 0))).toBe(4);
  });
});

describe('proportional scaling', () => {
  const sized = (d: DeploymentObject, sizes: [string, number, number][]) =>
    sizes.map(([name, replicas, maxAnnotation]) => replicaSet(name, replicas, { annotations: { 'deployment.kubernetes.io/max-replicas': String(maxAnnotation), 'deployment.kubernetes.io/desired-replicas': String(replicasOf(d)) } }));
  const replicasOf = (d: DeploymentObject): number => d.spec.replicas ?? 1;

  it('spreads a scale-up over the ReplicaSets by size', () => {
    // Was 10 (+3 surge = 13 max) mid-rollout with 8 old + 5 new; scaled to 20 (+3 = 23 max):
    // old 8·23/13 ≈ 14, new 5·23/13 ≈ 9.
    const d = rolling(20, 3, 2);
    const rss = sized(d, [
      ['web-old', 8, 13],
      ['web-new', 5, 13],
    ]);
    const sizes = proportionalScale(d, rss);
    expect(Object.fromEntries(sizes)).toEqual({ 'web-old': 14, 'web-new': 9 });
    expect([...sizes.values()].reduce((a, b) => a + b)).toBe(23);
  });

  it('spreads a scale-down, older first among equals, and gives leftovers to the largest', () => {
    const d = rolling(5, 1, 0);
    const rss = sized(d, [
      ['web-a', 6, 11],
      ['web-b', 5, 11],
    ]);
    rss[0]!.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
    rss[1]!.metadata.creationTimestamp = '2026-01-02T00:00:00Z';
    const sizes = proportionalScale(d, rss);
    expect([...sizes.values()].reduce((a, b) => a + b)).toBe(6);
    expect(Object.fromEntries(sizes)).toEqual({ 'web-a': 3, 'web-b': 3 });
  });

  it('scales everything to 0 with the Deployment', () => {
    const d = rolling(0, 1, 1);
    const sizes = proportionalScale(d, sized(d, [['web-a', 3, 5], ['web-b', 2, 5]]));
    expect(Object.fromEntries(sizes)).toEqual({ 'web-a': 0, 'web-b': 0 });
  });

  it('never hands out more than asked', () => {
    const d = rolling(20, 3, 2);
    const rs = sized(d, [['web-old', 8, 13]])[0]!;
    expect(getProportion(rs, d, 2, 0)).toBe(2);
    expect(getProportion(rs, d, 10, 10)).toBe(0);
    expect(getProportion(replicaSet('web-empty', 0), d, 5, 0)).toBe(0);
  });
});

describe('revisions and annotations', () => {
  it('finds the highest and second highest revision', () => {
    const rss = [replicaSet('a-1', 0, { revision: 3 }), replicaSet('a-2', 0, { revision: 7 }), replicaSet('a-3', 0, { revision: 5 }), replicaSet('a-4', 0)];
    expect(maxRevision(rss)).toBe(7);
    expect(lastRevision(rss)).toBe(5);
    expect(maxRevision([])).toBe(0);
  });

  it('gives a new ReplicaSet the next revision, the replicas annotations and the Deployment annotations', () => {
    const d = rolling(4, 1, 1);
    d.metadata.annotations = { 'kubernetes.io/change-cause': 'kubectl set image', 'deployment.kubernetes.io/revision': '2', 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    const rs = replicaSet('web-abc', 0);
    expect(setNewReplicaSetAnnotations(d, rs, '3', false)).toBe(true);
    expect(rs.metadata.annotations).toEqual({
      'kubernetes.io/change-cause': 'kubectl set image',
      'deployment.kubernetes.io/revision': '3',
      'deployment.kubernetes.io/desired-replicas': '4',
      'deployment.kubernetes.io/max-replicas': '5',
    });
    expect(setNewReplicaSetAnnotations(d, rs, '3', true)).toBe(false);
  });

  it('raises a reused ReplicaSet to the next revision and keeps its history', () => {
    const d = rolling(4, 1, 1);
    const rs = replicaSet('web-abc', 0, { revision: 1 });
    expect(setNewReplicaSetAnnotations(d, rs, '4', true)).toBe(true);
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('4');
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    expect(setNewReplicaSetAnnotations(d, rs, '6', true)).toBe(true);
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1,4');
    // Never lowered.
    expect(setNewReplicaSetAnnotations(d, rs, '2', true)).toBe(false);
    expect(rs.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('6');
  });
});

describe('history cleanup', () => {
  it('deletes the oldest revisions beyond the limit, only when fully scaled down', () => {
    const d = deployment('web', { revisionHistoryLimit: 2 });
    const old = [
      replicaSet('web-r1', 0, { revision: 1, status: { replicas: 0 } }),
      replicaSet('web-r4', 0, { revision: 4, status: { replicas: 0 } }),
      replicaSet('web-r2', 0, { revision: 2, status: { replicas: 1 } }),
      replicaSet('web-r3', 0, { revision: 3, status: { replicas: 0 } }),
      replicaSet('web-r5', 0, { revision: 5, status: { replicas: 0 } }),
    ];
    for (const rs of old) {
      rs.metadata.generation = 1;
      rs.status!.observedGeneration = 1;
    }
    // 5 old, limit 2: revisions 1, 2, 3 are candidates; 2 still has a pod.
    expect(replicaSetsToCleanUp(d, old).map((rs) => rs.metadata.name)).toEqual(['web-r1', 'web-r3']);
    expect(replicaSetsToCleanUp(deployment('web', { revisionHistoryLimit: 10 }), old)).toEqual([]);
    expect(replicaSetsToCleanUp(deployment('web', { revisionHistoryLimit: 0 }), old)).toHaveLength(4);
  });

  it('skips ReplicaSets whose latest generation is not observed or that are being deleted', () => {
    const d = deployment('web', { revisionHistoryLimit: 0 });
    const unobserved = replicaSet('web-a', 0, { revision: 1, status: { replicas: 0 } });
    unobserved.metadata.generation = 2;
    const deleting = replicaSet('web-b', 0, { revision: 2, status: { replicas: 0 } });
    deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(replicaSetsToCleanUp(d, [unobserved, deleting])).toEqual([]);
  });
});

describe('template hash', () => {
  const d = deployment('web');

  it('is stable, independent of key order, and changes with the template', () => {
    const h = computeHash(d.spec.template);
    expect(h).toBe(computeHash(JSON.parse(JSON.stringify(d.spec.template)) as typeof d.spec.template));
    const reordered = { spec: d.spec.template.spec, metadata: d.spec.template.metadata };
    expect(computeHash(reordered)).toBe(h);
    expect(h).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    const other = deployment('web');
    other.spec.template.spec!.containers[0]!.image = 'img:2';
    expect(computeHash(other.spec.template)).not.toBe(h);
  });

  it('changes with the collision count', () => {
    const h = computeHash(d.spec.template);
    expect(computeHash(d.spec.template, 0)).not.toBe(h);
    expect(computeHash(d.spec.template, 1)).not.toBe(computeHash(d.spec.template, 0));
    expect(computeHash(d.spec.template, 1)).toBe(computeHash(d.spec.template, 1));
  });

  it('is FNV-1a and the safe encoding Kubernetes uses', () => {
    expect(fnv32a(Buffer.from(''))).toBe(0x811c9dc5);
    expect(fnv32a(Buffer.from('a'))).toBe(0xe40c292c);
    expect(safeEncodeString('0123456789')).toBe('bcdfghjklm'.replace(/./g, (_, i: number) => 'bcdfghjklmnpqrstvwxz2456789'[(48 + i) % 27]!));
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe('{"a":[{"d":2}],"b":1}');
  });

  it('compares templates ignoring the pod-template-hash label', () => {
    const withHash = JSON.parse(JSON.stringify(d.spec.template)) as typeof d.spec.template;
    withHash.metadata!.labels!['pod-template-hash'] = 'abc';
    expect(equalIgnoreHash(d.spec.template, withHash)).toBe(true);
    withHash.spec!.containers[0]!.image = 'img:2';
    expect(equalIgnoreHash(d.spec.template, withHash)).toBe(false);
  });
});

describe('finding ReplicaSets', () => {
  it('takes the oldest ReplicaSet with the Deployment template as the new one', () => {
    const d = deployment('web');
    const same = (name: string, created: string) => {
      const rs = replicaSet(name, 1, { created, labels: { app: 'web', 'pod-template-hash': name } });
      rs.spec.template = { ...JSON.parse(JSON.stringify(d.spec.template)), metadata: { labels: { app: 'web', 'pod-template-hash': name } } };
      return rs;
    };
    const older = same('web-older', '2026-01-01T00:00:00Z');
    const newer = same('web-newer', '2026-01-02T00:00:00Z');
    const other = replicaSet('web-other', 2, { image: 'img:0' });
    const other0 = replicaSet('web-zero', 0, { image: 'img:-1' });
    expect(findNewReplicaSet(d, [newer, other, older])?.metadata.name).toBe('web-older');
    const { old, allOld } = findOldReplicaSets(d, [newer, other, older, other0]);
    expect(allOld.map((rs) => rs.metadata.name)).toEqual(['web-newer', 'web-other', 'web-zero']);
    expect(old.map((rs) => rs.metadata.name)).toEqual(['web-newer', 'web-other']);
  });

  it('finds the single active ReplicaSet, or the newest when none is active', () => {
    const a = replicaSet('web-a', 0, { created: '2026-01-01T00:00:00Z' });
    const b = replicaSet('web-b', 0, { created: '2026-01-02T00:00:00Z' });
    expect(findActiveOrLatest(undefined, [a, b])?.metadata.name).toBe('web-b');
    expect(findActiveOrLatest(a, [b])?.metadata.name).toBe('web-a');
    expect(findActiveOrLatest(a, [replicaSet('web-c', 2)])?.metadata.name).toBe('web-c');
    expect(findActiveOrLatest(replicaSet('web-n', 1), [replicaSet('web-c', 2)])).toBeUndefined();
  });

  it('knows a saturated new ReplicaSet', () => {
    const d = rolling(3, 1, 1);
    const rs = replicaSet('web-n', 3, { annotations: { 'deployment.kubernetes.io/desired-replicas': '3' }, status: { replicas: 3, availableReplicas: 3 } });
    expect(isSaturated(d, rs)).toBe(true);
    rs.status!.availableReplicas = 2;
    expect(isSaturated(d, rs)).toBe(false);
  });
});

describe('conditions and status', () => {
  const now = Date.parse('2026-01-01T00:10:00Z');

  it('keeps the transition time while the status stays, and ignores repeats', () => {
    const status = {};
    setCondition(status, newCondition('Progressing', 'True', 'NewReplicaSetCreated', 'Created new replica set "web-a"', now));
    setCondition(status, newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'ReplicaSet "web-a" is progressing.', now + 5000));
    expect((status as { conditions: unknown[] }).conditions).toEqual([
      { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: 'ReplicaSet "web-a" is progressing.', lastUpdateTime: '2026-01-01T00:10:05Z', lastTransitionTime: '2026-01-01T00:10:00Z' },
    ]);
    setCondition(status, newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'other text', now + 9000));
    expect((status as { conditions: { message: string }[] }).conditions[0]?.message).toBe('ReplicaSet "web-a" is progressing.');
  });

  it('computes status from the ReplicaSets, with Available against replicas − maxUnavailable', () => {
    const d = rolling(4, 1, 1);
    d.metadata.generation = 2;
    const old = replicaSet('web-old', 1, { status: { replicas: 2, readyReplicas: 2, availableReplicas: 2 } });
    const fresh = replicaSet('web-new', 3, { status: { replicas: 3, readyReplicas: 2, availableReplicas: 1 } });
    const status = calculateStatus([old, fresh], fresh, d, now);
    expect(status).toMatchObject({ observedGeneration: 2, replicas: 5, updatedReplicas: 3, readyReplicas: 4, availableReplicas: 3, unavailableReplicas: 1 });
    expect(status.conditions).toEqual([expect.objectContaining({ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' })]);
    fresh.status!.availableReplicas = 0;
    expect(calculateStatus([old, fresh], fresh, d, now).conditions).toEqual([
      expect.objectContaining({ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }),
    ]);
  });

  it('knows complete, progressing and timed out', () => {
    const d = rolling(2, 1, 0);
    d.metadata.generation = 1;
    d.spec.progressDeadlineSeconds = 60;
    d.status = { replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 };
    expect(deploymentComplete(d, { replicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 1 })).toBe(true);
    expect(deploymentComplete(d, { replicas: 2, updatedReplicas: 2, availableReplicas: 2, observedGeneration: 0 })).toBe(false);
    expect(deploymentProgressing(d, { replicas: 3, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 })).toBe(true);
    expect(deploymentProgressing(d, { replicas: 2, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 })).toBe(true);
    expect(deploymentProgressing(d, { replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2 })).toBe(false);
    const status = { conditions: [newCondition('Progressing', 'True', 'ReplicaSetUpdated', 'x', now)] };
    expect(deploymentTimedOut(d, status, now + 60_000)).toBe(false);
    expect(deploymentTimedOut(d, status, now + 60_001)).toBe(true);
    expect(deploymentTimedOut(d, { conditions: [newCondition('Progressing', 'True', 'NewReplicaSetAvailable', 'x', now)] }, now + 600_000)).toBe(false);
  });
});
