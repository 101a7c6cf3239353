import { pod, replicaSet } from '../../testing/fixtures';
import { calculateStatus, compareForDeletion, getPodsToDelete, slowStartBatch, statusNeedsUpdate } from './util';

describe('slowStartBatch', () => {
  it('runs in batches of 1, 2, 4, … and stops after a batch with a failure', async () => {
    const waiting: (() => void)[] = [];
    const run = slowStartBatch(10, 1, () => new Promise<void>((resolve) => waiting.push(resolve)));
    const batches: number[] = [];
    let settled = false;
    void run.then(() => (settled = true));
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      if (waiting.length) batches.push(waiting.length);
      for (const release of waiting.splice(0)) release();
    }
    expect(batches).toEqual([1, 2, 4, 3]);
    expect(await run).toEqual({ successes: 10 });

    let n = 0;
    const failing = await slowStartBatch(10, 1, async () => {
      n++;
      if (n === 3) throw new Error('quota');
    });
    // Batch 1 (1 call) succeeds, batch 2 (2 calls) has a failure: 3 calls, 2 successes.
    expect(n).toBe(3);
    expect(failing.successes).toBe(2);
    expect((failing.error as Error).message).toBe('quota');
  });

  it('does nothing for 0', async () => {
    expect(await slowStartBatch(0, 1, () => Promise.reject(new Error('never')))).toEqual({ successes: 0 });
  });
});

describe('deletion order', () => {
  const sorted = (...pods: ReturnType<typeof pod>[]): string[] => [...pods].sort((a, b) => compareForDeletion(a, b)).map((p) => p.metadata.name ?? '');

  it('unscheduled first, then Pending < Unknown < Running, then not ready', () => {
    expect(sorted(pod('running-ready', { node: 'n1', ready: true }), pod('unscheduled'), pod('pending', { node: 'n1', phase: 'Pending' }), pod('unknown', { node: 'n1', phase: 'Unknown' }), pod('not-ready', { node: 'n1', ready: false }))).toEqual([
      'unscheduled',
      'pending',
      'unknown',
      'not-ready',
      'running-ready',
    ]);
  });

  it('then ready for less time, then more restarts, then newest', () => {
    expect(
      sorted(
        pod('ready-long', { node: 'n1', ready: true, readySince: '2026-01-01T00:00:00Z' }),
        pod('ready-short', { node: 'n1', ready: true, readySince: '2026-01-01T01:00:00Z' }),
      ),
    ).toEqual(['ready-short', 'ready-long']);
    expect(sorted(pod('calm', { node: 'n1', ready: true }), pod('restarty', { node: 'n1', ready: true, restarts: 5 }))).toEqual(['restarty', 'calm']);
    expect(sorted(pod('old', { node: 'n1', ready: true, created: '2026-01-01T00:00:00Z' }), pod('new', { node: 'n1', ready: true, created: '2026-01-02T00:00:00Z' }))).toEqual(['new', 'old']);
  });

  it('honours pod-deletion-cost and prefers pods doubled up on a node', () => {
    expect(sorted(pod('precious', { node: 'n1', ready: true, annotations: { 'controller.kubernetes.io/pod-deletion-cost': '100' } }), pod('cheap', { node: 'n1', ready: true }))).toEqual(['cheap', 'precious']);
    const a = pod('alone', { node: 'n1', ready: true });
    const b = pod('crowded', { node: 'n2', ready: true });
    const related = [a, b, pod('x', { node: 'n2' }), pod('y', { node: 'n2' })];
    expect(getPodsToDelete([a, b], related, 1).map((p) => p.metadata.name)).toEqual(['crowded']);
  });

  it('returns everything when all go', () => {
    const pods = [pod('a'), pod('b')];
    expect(getPodsToDelete(pods, pods, 5)).toHaveLength(2);
  });
});

describe('calculateStatus', () => {
  it('counts fully labelled, ready and available pods', () => {
    const rs = replicaSet('web-abc', 3);
    rs.spec.template!.metadata!.labels = { app: 'web', tier: 'x' };
    const pods = [
      pod('a', { labels: { app: 'web', tier: 'x' }, ready: true }),
      pod('b', { labels: { app: 'web' }, ready: true }),
      pod('c', { labels: { app: 'web', tier: 'x' }, ready: false }),
    ];
    const { status, requeueAfterMs } = calculateStatus(rs, pods, undefined, Date.parse('2026-01-01T00:10:00Z'));
    expect(status).toMatchObject({ replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    expect(requeueAfterMs).toBeUndefined();
  });

  it('waits minReadySeconds before counting a ready pod available, and says when to look again', () => {
    const rs = replicaSet('web-abc', 1);
    rs.spec.minReadySeconds = 10;
    const readySince = Date.parse('2026-01-01T00:00:00Z');
    const p = pod('a', { ready: true, readySince: '2026-01-01T00:00:00Z' });
    const early = calculateStatus(rs, [p], undefined, readySince + 4000);
    expect(early.status.availableReplicas).toBe(0);
    expect(early.requeueAfterMs).toBe(6001);
    expect(calculateStatus(rs, [p], undefined, readySince + 10_001).status.availableReplicas).toBe(1);
  });

  it('reports and clears ReplicaFailure', () => {
    const rs = replicaSet('web-abc', 3);
    const failed = calculateStatus(rs, [], new Error('quota exceeded'), 0).status;
    expect(failed.conditions).toEqual([expect.objectContaining({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota exceeded' })]);
    rs.status = { ...failed };
    expect(calculateStatus(rs, [], undefined, 0).status.conditions).toBeUndefined();
  });

  it('needs an update only when something changed', () => {
    const rs = replicaSet('web-abc', 1, { status: { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1, observedGeneration: 1 } });
    rs.metadata.generation = 1;
    expect(statusNeedsUpdate(rs, { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1 })).toBe(false);
    expect(statusNeedsUpdate(rs, { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 0, availableReplicas: 0 })).toBe(true);
    rs.metadata.generation = 2;
    expect(statusNeedsUpdate(rs, { replicas: 1, fullyLabeledReplicas: 1, readyReplicas: 1, availableReplicas: 1 })).toBe(true);
  });
});
