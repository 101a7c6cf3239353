import { makeNode, makePod, newState, nodeInfo } from '../../test/fixtures';
import { TaintToleration } from './taint-toleration';

describe('TaintToleration', () => {
  const plugin = new TaintToleration();
  const tainted = nodeInfo(makeNode('n', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }));

  it('passes nodes without taints', () => {
    expect(plugin.filter(newState(), makePod('p'), nodeInfo(makeNode('n'))).code).toBe('Success');
  });

  it('rejects an untolerated NoSchedule taint with its key and value', () => {
    const status = plugin.filter(newState(), makePod('p'), tainted);
    expect(status.code).toBe('UnschedulableAndUnresolvable');
    expect(status.reasons).toEqual(['node(s) had untolerated taint {dedicated: gpu}']);
  });

  it('rejects NoExecute taints and ignores PreferNoSchedule ones', () => {
    const noExecute = nodeInfo(makeNode('n', { taints: [{ key: 'k', effect: 'NoExecute' }] }));
    expect(plugin.filter(newState(), makePod('p'), noExecute).reasons).toEqual(['node(s) had untolerated taint {k: }']);
    const prefer = nodeInfo(makeNode('n', { taints: [{ key: 'k', effect: 'PreferNoSchedule' }] }));
    expect(plugin.filter(newState(), makePod('p'), prefer).code).toBe('Success');
  });

  it('matches tolerations by key, value, operator and effect', () => {
    const ok = [
      { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' },
      { key: 'dedicated', value: 'gpu' },
      { key: 'dedicated', operator: 'Exists' },
      { operator: 'Exists' },
    ];
    for (const t of ok) expect(plugin.filter(newState(), makePod('p', { tolerations: [t] }), tainted).code).toBe('Success');
    const bad = [
      { key: 'dedicated', operator: 'Equal', value: 'cpu' },
      { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' },
      { key: 'other', operator: 'Exists' },
    ];
    for (const t of bad) expect(plugin.filter(newState(), makePod('p', { tolerations: [t] }), tainted).code).toBe('UnschedulableAndUnresolvable');
  });

  it('treats a node that is not Ready as tainted not-ready', () => {
    for (const ready of ['False', 'Unknown', null] as const) {
      const status = plugin.filter(newState(), makePod('p'), nodeInfo(makeNode('n', { ready })));
      expect(status.reasons).toEqual(['node(s) had untolerated taint {node.kubernetes.io/not-ready: }']);
    }
    const tolerant = makePod('p', { tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }] });
    expect(plugin.filter(newState(), tolerant, nodeInfo(makeNode('n', { ready: 'False' }))).code).toBe('Success');
  });

  it('uses the lifecycle taint when the node carries one instead of adding its own', () => {
    const unreachable = nodeInfo(makeNode('n', { ready: 'Unknown', taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }));
    expect(unreachable.taints).toHaveLength(1);
    expect(plugin.filter(newState(), makePod('p'), unreachable).reasons).toEqual(['node(s) had untolerated taint {node.kubernetes.io/unreachable: }']);
  });

  it('scores nodes with fewer untolerated PreferNoSchedule taints higher', () => {
    const clean = nodeInfo(makeNode('a'));
    const one = nodeInfo(makeNode('b', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }));
    const two = nodeInfo(makeNode('c', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }, { key: 'y', effect: 'PreferNoSchedule' }] }));
    const nodes = [clean, one, two];
    const pod = makePod('p');
    const state = newState();
    expect(plugin.preScore(state, pod, nodes).code).toBe('Success');
    const scores = nodes.map((n) => plugin.score(state, pod, n));
    plugin.normalizeScores(state, pod, scores);
    expect(scores).toEqual([100, 50, 0]);
    const tolerant = makePod('t', { tolerations: [{ key: 'x', operator: 'Exists', effect: 'PreferNoSchedule' }] });
    const s2 = newState();
    plugin.preScore(s2, tolerant, nodes);
    expect(nodes.map((n) => plugin.score(s2, tolerant, n))).toEqual([0, 0, 1]);
    expect(plugin.preScore(newState(), pod, [clean]).code).toBe('Skip');
  });
});
