import { PodObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { makeNode, makePod } from '../test/fixtures';

import { SchedulerCache } from './cache';

const bound = (pod: PodObject, nodeName: string): PodObject => ({ ...pod, spec: { ...pod.spec!, nodeName } });

describe('SchedulerCache', () => {
  let clock: FakeClock;
  let cache: SchedulerCache;
  let expired: string[];

  beforeEach(() => {
    clock = new FakeClock();
    expired = [];
    cache = new SchedulerCache({ clock, onExpire: (pod) => expired.push(pod.metadata.name!) });
    cache.start();
    cache.addNode(makeNode('n1'));
    cache.addNode(makeNode('n2'));
  });

  afterEach(() => cache.stop());

  it('keeps NodeInfo sums up to date as pods come and go', () => {
    cache.addPod(bound(makePod('a', { cpu: '1', memory: '1Gi', hostPorts: [80], owner: 'rs' }), 'n1'));
    cache.addPod(bound(makePod('b', { cpu: '500m', owner: 'rs' }), 'n1'));
    const n1 = cache.getNodeInfo('n1')!;
    expect(n1.requested.milliCpu).toBe(1500);
    expect(n1.requested.memory).toBe(2 ** 30);
    expect(n1.pods.size).toBe(2);
    expect(n1.ownerCounts.get('rs')).toBe(2);
    expect(n1.usedPorts.size).toBe(1);
    // An update that grows the request replaces the old numbers.
    cache.updatePod(bound(makePod('b', { cpu: '2', owner: 'rs' }), 'n1'));
    expect(n1.requested.milliCpu).toBe(3000);
    cache.removePod(bound(makePod('a'), 'n1'));
    expect(n1.requested.milliCpu).toBe(2000);
    expect(n1.requested.memory).toBe(0);
    expect(n1.usedPorts.size).toBe(0);
    expect(n1.ownerCounts.get('rs')).toBe(1);
  });

  it('counts an assumed pod at once and confirms it when the informer shows it bound', () => {
    const pod = makePod('a', { cpu: '1' });
    cache.assumePod(pod, 'n1');
    expect(cache.isAssumed('default/a')).toBe(true);
    expect(cache.getNodeInfo('n1')!.requested.milliCpu).toBe(1000);
    cache.finishBinding('default/a');
    cache.addPod(bound(pod, 'n1'));
    expect(cache.isAssumed('default/a')).toBe(false);
    expect(cache.getNodeInfo('n1')!.pods.size).toBe(1);
    expect(cache.getNodeInfo('n1')!.requested.milliCpu).toBe(1000);
    // Confirmed pods never expire.
    return clock.step(60_000).then(() => expect(cache.getNodeInfo('n1')!.pods.size).toBe(1));
  });

  it('moves the pod when the informer shows it bound elsewhere', () => {
    const pod = makePod('a', { cpu: '1' });
    cache.assumePod(pod, 'n1');
    cache.addPod(bound(pod, 'n2'));
    expect(cache.getNodeInfo('n1')!.pods.size).toBe(0);
    expect(cache.getNodeInfo('n2')!.requested.milliCpu).toBe(1000);
  });

  it('forgets an assumption when the bind fails', () => {
    cache.assumePod(makePod('a', { cpu: '1' }), 'n1');
    cache.forgetPod('default/a');
    expect(cache.isAssumed('default/a')).toBe(false);
    expect(cache.getNodeInfo('n1')!.requested.milliCpu).toBe(0);
    expect(cache.podCount).toBe(0);
  });

  it('does not forget a pod the informer already confirmed', () => {
    const pod = makePod('a', { cpu: '1' });
    cache.assumePod(pod, 'n1');
    cache.addPod(bound(pod, 'n1'));
    cache.forgetPod('default/a');
    expect(cache.getNodeInfo('n1')!.pods.size).toBe(1);
  });

  it('expires an assumption 30 s after binding finished without confirmation', async () => {
    cache.assumePod(makePod('a', { cpu: '1' }), 'n1');
    await clock.step(120_000); // no expiry while the bind is still in flight
    expect(cache.isAssumed('default/a')).toBe(true);
    cache.finishBinding('default/a');
    await clock.step(29_000);
    expect(cache.isAssumed('default/a')).toBe(true);
    await clock.step(2000);
    expect(cache.isAssumed('default/a')).toBe(false);
    expect(cache.getNodeInfo('n1')!.requested.milliCpu).toBe(0);
    expect(expired).toEqual(['a']);
  });

  it('refuses to assume a pod twice', () => {
    cache.assumePod(makePod('a'), 'n1');
    expect(() => cache.assumePod(makePod('a'), 'n2')).toThrow(/already/);
  });

  it('lists only nodes that exist and keeps pods of a deleted node until they go', () => {
    cache.addPod(bound(makePod('a', { cpu: '1' }), 'n2'));
    cache.removeNode(makeNode('n2'));
    expect(cache.nodeInfos().map((n) => n.name)).toEqual(['n1']);
    expect(cache.getNodeInfo('n2')!.pods.size).toBe(1);
    cache.removePod(bound(makePod('a'), 'n2'));
    expect(cache.getNodeInfo('n2')).toBeUndefined();
    cache.addNode(makeNode('n3'));
    expect(cache.nodeInfos().map((n) => n.name)).toEqual(['n1', 'n3']);
  });

  it('reports only node changes that matter for scheduling', () => {
    const node = makeNode('n1');
    const heartbeat = { ...node, metadata: { ...node.metadata, resourceVersion: '9' }, status: { ...node.status, conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: '2026-01-01T00:00:10Z' }] } };
    expect(cache.updateNode(heartbeat)).toBe(false);
    expect(cache.updateNode(makeNode('n1', { cpu: '8' }))).toBe(true);
    expect(cache.updateNode(makeNode('n1', { cpu: '8', unschedulable: true }))).toBe(true);
    expect(cache.updateNode(makeNode('n1', { cpu: '8', unschedulable: true, ready: 'False' }))).toBe(true);
  });
});
