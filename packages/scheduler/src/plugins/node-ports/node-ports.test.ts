import { makeNode, makePod, newState, nodeInfo } from '../../test/fixtures';
import { NodePorts, REASON_PORTS } from './node-ports';

describe('NodePorts', () => {
  const plugin = new NodePorts();
  const run = (pod: ReturnType<typeof makePod>, info: ReturnType<typeof nodeInfo>): string => {
    const state = newState();
    if (plugin.preFilter(state, pod).code === 'Skip') return 'Skip';
    return plugin.filter(state, pod, info).code;
  };

  it('skips pods without host ports', () => {
    expect(run(makePod('p'), nodeInfo(makeNode('n')))).toBe('Skip');
  });

  it('rejects a host port already taken', () => {
    const node = nodeInfo(makeNode('n'), makePod('a', { hostPorts: [8080] }));
    expect(run(makePod('p', { hostPorts: [8080] }), node)).toBe('Unschedulable');
    expect(plugin.filter(newState(), makePod('p', { hostPorts: [8080] }), node).reasons).toEqual([REASON_PORTS]);
    expect(REASON_PORTS).toBe("node(s) didn't have free ports for the requested pod ports");
    expect(run(makePod('p', { hostPorts: [8081] }), node)).toBe('Success');
  });

  it('tells protocols and host IPs apart, with 0.0.0.0 conflicting with every IP', () => {
    const node = nodeInfo(makeNode('n'), makePod('a', { hostPorts: [{ port: 53, protocol: 'UDP' }, { port: 80, ip: '10.0.0.1' }] }));
    expect(run(makePod('p', { hostPorts: [{ port: 53, protocol: 'TCP' }] }), node)).toBe('Success');
    expect(run(makePod('p', { hostPorts: [{ port: 53, protocol: 'UDP' }] }), node)).toBe('Unschedulable');
    expect(run(makePod('p', { hostPorts: [{ port: 80, ip: '10.0.0.2' }] }), node)).toBe('Success');
    expect(run(makePod('p', { hostPorts: [{ port: 80, ip: '10.0.0.1' }] }), node)).toBe('Unschedulable');
    expect(run(makePod('p', { hostPorts: [{ port: 80 }] }), node)).toBe('Unschedulable');
  });

  it('frees the port when the pod goes', () => {
    const node = nodeInfo(makeNode('n'), makePod('a', { hostPorts: [8080] }));
    node.removePod('default/a');
    expect(run(makePod('p', { hostPorts: [8080] }), node)).toBe('Success');
  });
});
