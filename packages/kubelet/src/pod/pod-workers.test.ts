import type { PodObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { gracePeriodSeconds, PodSyncer, PodWorkers } from './pod-workers';

function pod(uid: string, generation: number, extra: Partial<PodObject['metadata']> = {}, phase?: string): PodObject {
  return {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: `p-${uid}`, namespace: 'default', uid, generation, ...extra },
    spec: { containers: [{ name: 'c', image: 'busybox' }] }, ...(phase ? { status: { phase } } : {}),
  };
}

/** Records calls; a call can be held open until released, or fail. */
class RecordingSyncer implements PodSyncer {
  calls: string[] = [];
  hold = false;
  failNext = 0;
  private waiting: (() => void)[] = [];

  release(): void {
    this.hold = false;
    for (const w of this.waiting.splice(0)) w();
  }

  private async record(call: string): Promise<void> {
    this.calls.push(call);
    if (this.hold) await new Promise<void>((resolve) => this.waiting.push(resolve));
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error(`${call} failed`);
    }
  }

  syncPod(p: PodObject): Promise<void> {
    return this.record(`sync ${p.metadata.uid} g${p.metadata.generation}`);
  }

  terminatePod(p: PodObject, grace: number): Promise<void> {
    return this.record(`terminate ${p.metadata.uid} ${grace}s`);
  }

  cleanupPod(p: PodObject): Promise<void> {
    return this.record(`cleanup ${p.metadata.uid}`);
  }
}

describe('PodWorkers', () => {
  let clock: FakeClock;
  let syncer: RecordingSyncer;
  let workers: PodWorkers;
  const errors: unknown[] = [];

  beforeEach(() => {
    clock = new FakeClock();
    syncer = new RecordingSyncer();
    errors.length = 0;
    workers = new PodWorkers({ syncer, clock, retryMs: 10_000, onError: (_p, err) => errors.push(err) });
  });

  afterEach(() => workers.stop());

  it('coalesces updates that arrive during a sync into one more sync with the newest pod', async () => {
    syncer.hold = true;
    workers.update(pod('a', 1));
    workers.update(pod('a', 2));
    workers.update(pod('a', 3));
    workers.update(pod('b', 1));
    syncer.release();
    await workers.idle();
    expect(syncer.calls.filter((c) => c.startsWith('sync a'))).toEqual(['sync a g1', 'sync a g3']);
    expect(syncer.calls).toContain('sync b g1');
  });

  it('never runs two passes of one pod at once', async () => {
    syncer.hold = true;
    workers.update(pod('a', 1));
    workers.update(pod('a', 2));
    await new Promise((resolve) => setImmediate(resolve));
    expect(syncer.calls).toEqual(['sync a g1']);
    syncer.release();
    await workers.idle();
    expect(syncer.calls).toEqual(['sync a g1', 'sync a g2']);
  });

  it('moves a deleted pod through terminating to terminated, then forgets it once removed', async () => {
    workers.update(pod('a', 1));
    await workers.idle();
    workers.update(pod('a', 1, { deletionTimestamp: '2026-01-01T00:00:00Z', deletionGracePeriodSeconds: 5 }));
    await workers.idle();
    expect(syncer.calls).toEqual(['sync a g1', 'terminate a 5s', 'cleanup a']);
    expect(workers.state('a')).toBe('terminated');
    workers.update(pod('a', 2, { deletionTimestamp: '2026-01-01T00:00:00Z' }));
    await workers.idle();
    expect(syncer.calls).toHaveLength(3);
    workers.remove(pod('a', 2));
    await workers.idle();
    expect(workers.uids()).toEqual([]);
  });

  it('terminates a pod removed from the apiserver and one that finished', async () => {
    workers.update(pod('a', 1));
    workers.update(pod('b', 1));
    await workers.idle();
    workers.remove(pod('a', 1));
    workers.update(pod('b', 2, {}, 'Succeeded'));
    await workers.idle();
    expect(syncer.calls).toEqual(expect.arrayContaining(['terminate a 30s', 'cleanup a', 'terminate b 30s', 'cleanup b']));
    expect(workers.uids()).toEqual(['b']);
  });

  it('retries a failed pass after the retry period with the newest pod', async () => {
    syncer.failNext = 1;
    workers.update(pod('a', 1));
    await workers.idle();
    expect(errors).toHaveLength(1);
    await clock.step(9_999);
    expect(syncer.calls).toEqual(['sync a g1']);
    await clock.step(1);
    await workers.idle();
    expect(syncer.calls).toEqual(['sync a g1', 'sync a g1']);
  });

  it('an update during the retry wait runs at once', async () => {
    syncer.failNext = 1;
    workers.update(pod('a', 1));
    await workers.idle();
    workers.update(pod('a', 2));
    await workers.idle();
    expect(syncer.calls).toEqual(['sync a g1', 'sync a g2']);
    await clock.step(10_000);
    await workers.idle();
    expect(syncer.calls).toHaveLength(2);
    expect(clock.pending).toBe(0);
  });

  it('takes the grace period from the deletion, else the spec, else 30 s', () => {
    expect(gracePeriodSeconds(pod('a', 1, { deletionGracePeriodSeconds: 3 }))).toBe(3);
    expect(gracePeriodSeconds({ ...pod('a', 1), spec: { containers: [], terminationGracePeriodSeconds: 7 } })).toBe(7);
    expect(gracePeriodSeconds(pod('a', 1))).toBe(30);
  });
});
