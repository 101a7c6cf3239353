import { makeNode, makePod, newState, nodeInfo } from '../../test/fixtures';
import { NodeUnschedulable, REASON_UNSCHEDULABLE } from './node-unschedulable';

describe('NodeUnschedulable', () => {
  const plugin = new NodeUnschedulable();

  it('lets pods onto schedulable nodes', () => {
    expect(plugin.filter(newState(), makePod('p'), nodeInfo(makeNode('n'))).code).toBe('Success');
  });

  it('keeps pods off cordoned nodes', () => {
    const status = plugin.filter(newState(), makePod('p'), nodeInfo(makeNode('n', { unschedulable: true })));
    expect(status.code).toBe('UnschedulableAndUnresolvable');
    expect(status.reasons).toEqual([REASON_UNSCHEDULABLE]);
    expect(REASON_UNSCHEDULABLE).toBe('node(s) were unschedulable');
  });

  it('admits pods that tolerate the unschedulable taint', () => {
    const cordoned = nodeInfo(makeNode('n', { unschedulable: true }));
    const exact = makePod('a', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    const everything = makePod('b', { tolerations: [{ operator: 'Exists' }] });
    const wrongEffect = makePod('c', { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }] });
    expect(plugin.filter(newState(), exact, cordoned).code).toBe('Success');
    expect(plugin.filter(newState(), everything, cordoned).code).toBe('Success');
    expect(plugin.filter(newState(), wrongEffect, cordoned).code).toBe('UnschedulableAndUnresolvable');
  });
});
