// The Lease's retry rules against an in-memory store that checks resourceVersions.
import { conflict, deepCopy, KObject, notFound, unavailable } from '@kctl/api';
import type { LeaseObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { LeaseClient, NodeLease } from './node-lease';

class FakeLeases {
  stored?: LeaseObject;
  private rv = 1;
  /** Errors the next calls fail with, in order, each for one kind of call. */
  failures: ['get' | 'create' | 'update', Error][] = [];
  calls: string[] = [];

  readonly client: LeaseClient = {
    get: async <T extends KObject>(): Promise<T> => {
      this.calls.push('get');
      this.fail('get');
      if (!this.stored) throw notFound('leases.coordination.k8s.io', 'n1');
      return deepCopy(this.stored) as unknown as T;
    },
    create: async <T extends KObject>(_resource: string, obj: T): Promise<T> => {
      this.calls.push('create');
      this.fail('create');
      this.stored = { ...deepCopy(obj), metadata: { ...obj.metadata, resourceVersion: String(this.rv++), uid: 'lease-uid' } };
      return deepCopy(this.stored) as unknown as T;
    },
    update: async <T extends KObject>(_resource: string, obj: T): Promise<T> => {
      this.calls.push('update');
      this.fail('update');
      if (!this.stored) throw notFound('leases.coordination.k8s.io', 'n1');
      if (obj.metadata.resourceVersion !== this.stored.metadata.resourceVersion) throw conflict('leases.coordination.k8s.io', 'n1');
      this.stored = { ...deepCopy(obj), metadata: { ...obj.metadata, resourceVersion: String(this.rv++) } };
      return deepCopy(this.stored) as unknown as T;
    },
  };

  /** Someone else writes the Lease (the next update from an old copy conflicts). */
  touch(): void {
    this.stored = { ...this.stored!, metadata: { ...this.stored!.metadata, resourceVersion: String(this.rv++) } };
  }

  private fail(call: string): void {
    const next = this.failures[0];
    if (next?.[0] !== call) return;
    this.failures.shift();
    throw next[1];
  }
}

function lease(store: FakeLeases, clock: FakeClock, nodeUid?: string): NodeLease {
  return new NodeLease({ client: store.client, clock, nodeName: 'n1', nodeUid: () => nodeUid });
}

describe('NodeLease', () => {
  it('creates the Lease, then renews it from the copy it last wrote', async () => {
    const clock = new FakeClock();
    const store = new FakeLeases();
    const l = lease(store, clock, 'node-uid');
    await l.renew();
    expect(store.calls).toEqual(['get', 'create']);
    expect(store.stored?.spec).toEqual({ holderIdentity: 'n1', leaseDurationSeconds: 40, renewTime: '2026-01-01T00:00:00.000000Z' });
    expect(store.stored?.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Node', name: 'n1', uid: 'node-uid' }]);
    await clock.step(10_000);
    await l.renew();
    expect(store.calls).toEqual(['get', 'create', 'update']);
    expect(store.stored?.spec?.renewTime).toBe('2026-01-01T00:00:10.000000Z');
  });

  it('reads again and retries after a Conflict, and gives up after five updates', async () => {
    const clock = new FakeClock();
    const store = new FakeLeases();
    const l = lease(store, clock);
    await l.renew();
    store.touch();
    await l.renew();
    expect(store.calls.slice(2)).toEqual(['update', 'get', 'update']);
    store.failures = Array.from({ length: 5 }, () => ['update', conflict('leases.coordination.k8s.io', 'n1')] as ['update', Error]);
    store.calls = [];
    await expect(l.renew()).rejects.toMatchObject({ reason: 'Conflict' });
    expect(store.calls.filter((c) => c === 'update')).toHaveLength(5);
  });

  it('adds the owner reference once the Node is known', async () => {
    const clock = new FakeClock();
    const store = new FakeLeases();
    const node: { uid?: string } = {};
    const l = new NodeLease({ client: store.client, clock, nodeName: 'n1', nodeUid: () => node.uid });
    await l.renew();
    expect(store.stored?.metadata.ownerReferences).toBeUndefined();
    node.uid = 'later-uid';
    await l.renew();
    expect(store.stored?.metadata.ownerReferences?.[0]?.uid).toBe('later-uid');
  });

  it('backs off 200 ms doubling while renewals fail, then resumes every 10 s', async () => {
    const clock = new FakeClock();
    const store = new FakeLeases();
    const errors: unknown[] = [];
    const renewedAt: number[] = [];
    const l = new NodeLease({ client: store.client, clock, nodeName: 'n1', nodeUid: () => undefined, onError: (e) => errors.push(e), onRenewed: (at) => renewedAt.push(at) });
    const t0 = clock.now();
    store.failures = [['get', unavailable('down')], ['get', unavailable('down')], ['get', unavailable('down')]];
    l.start();
    await clock.step(0);
    expect(errors).toHaveLength(1);
    await clock.step(200);
    expect(errors).toHaveLength(2);
    await clock.step(400);
    expect(errors).toHaveLength(3);
    await clock.step(800);
    expect(renewedAt).toEqual([t0 + 1400]);
    await clock.step(10_400);
    expect(renewedAt).toHaveLength(2);
    expect(renewedAt[1]! - renewedAt[0]!).toBeGreaterThanOrEqual(10_000);
    await l.stop();
    expect(clock.pending).toBe(0);
  });
});
