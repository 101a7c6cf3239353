import { makeNode, makePod } from './test/fixtures';
import { computeHostPorts, computePodRequests, milliValue, nodeAllocatable, podRequirements, value } from './resources';

describe('resources', () => {
  it('converts quantities to integer units, rounding up', () => {
    expect(milliValue('100m')).toBe(100);
    expect(milliValue('0.1')).toBe(100);
    expect(milliValue('2')).toBe(2000);
    expect(milliValue('0.5m')).toBe(1);
    expect(value('1Gi')).toBe(2 ** 30);
    expect(value('128M')).toBe(128e6);
    expect(value('bogus')).toBe(0);
  });

  it('sums containers and compares with init containers per resource', () => {
    const pod = makePod('p', { cpu: '1', memory: '1Gi', moreContainers: [{ cpu: '500m' }], initContainers: [{ cpu: '1', memory: '3Gi' }] });
    const r = computePodRequests(pod);
    expect(r.milliCpu).toBe(1500);
    expect(r.memory).toBe(3 * 2 ** 30);
  });

  it('adds restartable init containers (sidecars) to the containers', () => {
    const pod = makePod('p', { cpu: '1', initContainers: [{ cpu: '500m', restartPolicy: 'Always' }, { cpu: '1' }] });
    // sidecar keeps running: 1 + 0.5 for the pod's life; the plain init container needs 1 + 0.5 while it runs.
    expect(computePodRequests(pod).milliCpu).toBe(1500);
  });

  it('fills in default requests for scoring pods that ask for none', () => {
    const req = podRequirements(makePod('p', { moreContainers: [{}] }));
    expect(req.requests.milliCpu).toBe(0);
    expect(req.nonZeroMilliCpu).toBe(200);
    expect(req.nonZeroMemory).toBe(2 * 200 * 1024 * 1024);
  });

  it('lists host ports with defaults', () => {
    expect(computeHostPorts(makePod('p', { hostPorts: [80, { port: 53, protocol: 'UDP', ip: '10.0.0.1' }] }))).toEqual([
      { ip: '0.0.0.0', protocol: 'TCP', port: 80 },
      { ip: '10.0.0.1', protocol: 'UDP', port: 53 },
    ]);
  });

  it('reads allocatable', () => {
    expect(nodeAllocatable(makeNode('n', { cpu: '4', memory: '8Gi', pods: '110' }))).toEqual({ milliCpu: 4000, memory: 8 * 2 ** 30, ephemeralStorage: 0, pods: 110 });
  });
});
