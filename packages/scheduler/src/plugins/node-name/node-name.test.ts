import { makeNode, makePod, newState, nodeInfo } from '../../test/fixtures';
import { NodeName, REASON_NODE_NAME } from './node-name';

describe('NodeName', () => {
  const plugin = new NodeName();

  it('accepts any node when the pod names none', () => {
    expect(plugin.filter(newState(), makePod('p'), nodeInfo(makeNode('n1'))).code).toBe('Success');
  });

  it('accepts only the named node', () => {
    const pod = makePod('p', { nodeName: 'n2' });
    expect(plugin.filter(newState(), pod, nodeInfo(makeNode('n2'))).code).toBe('Success');
    const status = plugin.filter(newState(), pod, nodeInfo(makeNode('n1')));
    expect(status.code).toBe('UnschedulableAndUnresolvable');
    expect(status.reasons).toEqual([REASON_NODE_NAME]);
  });
});
