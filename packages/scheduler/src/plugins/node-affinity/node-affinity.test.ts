import { NodeSelectorRequirement } from '@kctl/api';
import { makeNode, makePod, newState, nodeInfo } from '../../test/fixtures';

import { NodeAffinity, REASON_AFFINITY } from './node-affinity';

describe('NodeAffinity', () => {
  const plugin = new NodeAffinity();
  const node = nodeInfo(makeNode('n1', { labels: { zone: 'a', disk: 'ssd', cores: '8' } }));

  const fits = (pod: ReturnType<typeof makePod>, info = node): boolean => {
    const state = newState();
    const pre = plugin.preFilter(state, pod);
    if (pre.code === 'Skip') return true;
    return plugin.filter(state, pod, info).code === 'Success';
  };
  const withExpr = (...exprs: NodeSelectorRequirement[]): ReturnType<typeof makePod> => makePod('p', { requiredTerms: [{ matchExpressions: exprs }] });

  it('skips pods without constraints', () => {
    expect(plugin.preFilter(newState(), makePod('p')).code).toBe('Skip');
    expect(plugin.filter(newState(), makePod('p'), node).code).toBe('Success');
  });

  it('requires every nodeSelector label', () => {
    expect(fits(makePod('p', { nodeSelector: { zone: 'a' } }))).toBe(true);
    expect(fits(makePod('p', { nodeSelector: { zone: 'a', disk: 'hdd' } }))).toBe(false);
    const status = plugin.filter(newState(), makePod('p', { nodeSelector: { zone: 'b' } }), node);
    expect(status.code).toBe('UnschedulableAndUnresolvable');
    expect(status.reasons).toEqual([REASON_AFFINITY]);
    expect(REASON_AFFINITY).toBe("node(s) didn't match Pod's node affinity/selector");
  });

  it('supports In, NotIn, Exists, DoesNotExist, Gt and Lt', () => {
    expect(fits(withExpr({ key: 'zone', operator: 'In', values: ['a', 'b'] }))).toBe(true);
    expect(fits(withExpr({ key: 'zone', operator: 'In', values: ['b'] }))).toBe(false);
    expect(fits(withExpr({ key: 'zone', operator: 'NotIn', values: ['b'] }))).toBe(true);
    expect(fits(withExpr({ key: 'zone', operator: 'NotIn', values: ['a'] }))).toBe(false);
    expect(fits(withExpr({ key: 'missing', operator: 'NotIn', values: ['a'] }))).toBe(true);
    expect(fits(withExpr({ key: 'disk', operator: 'Exists' }))).toBe(true);
    expect(fits(withExpr({ key: 'gpu', operator: 'Exists' }))).toBe(false);
    expect(fits(withExpr({ key: 'gpu', operator: 'DoesNotExist' }))).toBe(true);
    expect(fits(withExpr({ key: 'disk', operator: 'DoesNotExist' }))).toBe(false);
    expect(fits(withExpr({ key: 'cores', operator: 'Gt', values: ['4'] }))).toBe(true);
    expect(fits(withExpr({ key: 'cores', operator: 'Gt', values: ['8'] }))).toBe(false);
    expect(fits(withExpr({ key: 'cores', operator: 'Lt', values: ['16'] }))).toBe(true);
    expect(fits(withExpr({ key: 'zone', operator: 'Gt', values: ['1'] }))).toBe(false);
    expect(fits(withExpr({ key: 'cores', operator: 'Gt', values: ['x'] }))).toBe(false);
    expect(fits(withExpr({ key: 'zone', operator: 'Bogus', values: ['a'] }))).toBe(false);
  });

  it('ANDs requirements within a term and ORs terms', () => {
    expect(fits(withExpr({ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['hdd'] }))).toBe(false);
    const either = makePod('p', {
      requiredTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }],
    });
    expect(fits(either)).toBe(true);
    expect(fits(makePod('p', { requiredTerms: [{}] }))).toBe(false);
  });

  it('matches fields on metadata.name', () => {
    const byName = makePod('p', { requiredTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] });
    expect(fits(byName)).toBe(true);
    expect(fits(byName, nodeInfo(makeNode('n2')))).toBe(false);
  });

  it('needs both the nodeSelector and the affinity', () => {
    const pod = makePod('p', { nodeSelector: { zone: 'a' }, requiredTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['hdd'] }] }] });
    expect(fits(pod)).toBe(false);
  });

  it('scores the weights of matching preferred terms', () => {
    const ssd = nodeInfo(makeNode('a', { labels: { disk: 'ssd' } }));
    const both = nodeInfo(makeNode('b', { labels: { disk: 'ssd', zone: 'x' } }));
    const none = nodeInfo(makeNode('c'));
    const pod = makePod('p', {
      preferredTerms: [
        { weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] } },
        { weight: 30, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
      ],
    });
    const state = newState();
    expect(plugin.preScore(state, pod).code).toBe('Success');
    const scores = [ssd, both, none].map((n) => plugin.score(state, pod, n));
    expect(scores).toEqual([10, 40, 0]);
    plugin.normalizeScores(state, pod, scores);
    expect(scores).toEqual([25, 100, 0]);
    expect(plugin.preScore(newState(), makePod('q')).code).toBe('Skip');
  });
});
