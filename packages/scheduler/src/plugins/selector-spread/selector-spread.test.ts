import { SchedulerCache } from '../../cache/cache';
import { makeNode, makePod, newState, nodeInfo } from '../../test/fixtures';
import { SelectorSpread } from './selector-spread';

describe('SelectorSpread', () => {
  const plugin = new SelectorSpread();

  it('skips pods without a controller', () => {
    expect(plugin.preScore(newState(), makePod('p')).code).toBe('Skip');
  });

  it('scores nodes with fewer pods of the same owner higher', () => {
    const pod = makePod('p', { owner: 'rs1' });
    const nodes = [
      nodeInfo(makeNode('a'), makePod('a1', { owner: 'rs1' }), makePod('a2', { owner: 'rs1' })),
      nodeInfo(makeNode('b'), makePod('b1', { owner: 'rs1' }), makePod('b2', { owner: 'other' })),
      nodeInfo(makeNode('c'), makePod('c1', { owner: 'other' })),
    ];
    const state = newState();
    expect(plugin.preScore(state, pod).code).toBe('Success');
    const scores = nodes.map((n) => plugin.score(state, pod, n));
    expect(scores).toEqual([2, 1, 0]);
    plugin.normalizeScores(state, pod, scores);
    expect(scores).toEqual([0, 50, 100]);
  });

  it('gives every node 100 when none has a pod of the owner', () => {
    const pod = makePod('p', { owner: 'rs1' });
    const scores = [0, 0];
    plugin.normalizeScores(newState(), pod, scores);
    expect(scores).toEqual([100, 100]);
  });

  it('reads the per-owner counts the cache keeps when it has them, and skips owners with no pods yet', () => {
    const cache = new SchedulerCache();
    for (const n of ['a', 'b', 'c']) cache.addNode(makeNode(n));
    cache.assumePod(makePod('a1', { owner: 'rs1' }), 'a');
    cache.assumePod(makePod('a2', { owner: 'rs1' }), 'a');
    cache.assumePod(makePod('b1', { owner: 'rs1' }), 'b');
    const withHandle = new SelectorSpread({ nodeInfos: () => cache.nodeInfos(), getNodeInfo: (n) => cache.getNodeInfo(n), ownerPodCounts: (uid) => cache.ownerPodCounts(uid) });
    const nodes = cache.nodeInfos();
    const pod = makePod('p', { owner: 'rs1' });
    const state = newState();
    expect(withHandle.preScore(state, pod).code).toBe('Success');
    expect(nodes.map((n) => withHandle.score(state, pod, n))).toEqual([2, 1, 0]);
    expect(withHandle.preScore(newState(), makePod('q', { owner: 'rs2' })).code).toBe('Skip');
    cache.forgetPod('default/b1');
    expect([...cache.ownerPodCounts('rs1')!.values()]).toEqual([2]);
  });
});
