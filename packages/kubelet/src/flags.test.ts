import { parseKubeletFlags, parseLabels } from './flags';

describe('kubelet flags', () => {
  it('takes Kubernetes defaults', () => {
    const flags = parseKubeletFlags(['--node-name', 'Worker-1']);
    expect(flags).toMatchObject({
      server: '127.0.0.1:6443', nodeName: 'worker-1', leaseDurationSeconds: 40, nodeStatusUpdateFrequencyMs: 10_000,
      nodeStatusReportFrequencyMs: 300_000, maxPods: 110, runtime: 'fake', runtimeEndpoint: 'unix:///run/containerd/containerd.sock', deleteNodeOnStop: false, labels: {},
    });
  });

  it('reads durations, labels and the node address', () => {
    const flags = parseKubeletFlags(['--server', '127.0.0.1:7000', '--node-ip', '10.0.0.7', '--lease-duration', '1m', '--node-status-update-frequency', '2s', '--node-labels', 'zone=a,tier=web', '--delete-node-on-exit']);
    expect(flags).toMatchObject({ server: '127.0.0.1:7000', nodeIP: '10.0.0.7', leaseDurationSeconds: 60, nodeStatusUpdateFrequencyMs: 2000, labels: { zone: 'a', tier: 'web' }, deleteNodeOnStop: true });
  });

  it('chooses the CRI runtime at its endpoint', () => {
    expect(parseKubeletFlags(['--container-runtime', 'cri', '--container-runtime-endpoint', 'unix:///tmp/node-1/containerd.sock'])).toMatchObject({
      runtime: 'cri', runtimeEndpoint: 'unix:///tmp/node-1/containerd.sock',
    });
  });

  it('refuses what it cannot run', () => {
    expect(() => parseKubeletFlags(['--container-runtime', 'containerd'])).toThrow('"containerd" is not supported (fake or cri)');
    expect(() => parseKubeletFlags(['--lease-duration', 'soon'], () => {})).toThrow('invalid duration');
    expect(() => parseLabels('novalue')).toThrow('key=value');
  });
});
