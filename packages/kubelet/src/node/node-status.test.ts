import { formatTime } from '@kctl/api';
import type { NodeCondition } from '@kctl/api';
import { goArch, osImageFrom } from './machine-info';
import { initialNode, machineResources, nodeConditions, runtimeProblems, StatusInputs } from './node-status';
import { TEST_MACHINE } from './test-machine';

const t0 = Date.UTC(2026, 0, 1);
const ready = { conditions: [{ type: 'RuntimeReady', status: true }, { type: 'NetworkReady', status: true }] };

function inputs(overrides: Partial<StatusInputs> = {}): StatusInputs {
  return {
    identity: { nodeName: 'Node-A', nodeIP: '10.0.0.5', labels: { zone: 'z1' } },
    machine: TEST_MACHINE,
    resources: machineResources(TEST_MACHINE),
    containerRuntimeVersion: 'fake://0.1.0',
    runtime: ready,
    now: t0,
    ...overrides,
  };
}

describe('node status', () => {
  it('builds the Node a first registration creates', () => {
    const node = initialNode(inputs());
    expect(node.metadata).toEqual({
      name: 'Node-A',
      labels: {
        zone: 'z1', 'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': 'node-a', 'kubernetes.io/os': 'linux',
      },
    });
    expect(node.status?.addresses).toEqual([{ type: 'InternalIP', address: '10.0.0.5' }, { type: 'Hostname', address: 'Node-A' }]);
    expect(node.status?.capacity).toEqual({ cpu: '4', memory: '8388608Ki', pods: '110' });
    expect(node.status?.allocatable).toEqual({ cpu: '4', memory: '8286208Ki', pods: '110' });
    expect(node.status?.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    expect(node.status?.nodeInfo).toMatchObject({ containerRuntimeVersion: 'fake://0.1.0', kubeletVersion: 'v0.1.0', osImage: TEST_MACHINE.osImage, bootID: 'boot-1', architecture: 'amd64', operatingSystem: 'linux' });
  });

  it('reports the pressure conditions and Ready with Kubernetes reasons', () => {
    const conditions = nodeConditions(inputs());
    expect(conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
      ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
      ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
      ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
    ]);
    expect(conditions.every((c) => c.lastHeartbeatTime === formatTime(t0) && c.lastTransitionTime === formatTime(t0))).toBe(true);
  });

  it('says why the node is not ready, from the runtime', () => {
    const down = nodeConditions(inputs({ runtime: undefined })).find((c) => c.type === 'Ready');
    expect(down).toMatchObject({ status: 'False', reason: 'KubeletNotReady', message: 'container runtime is down' });
    const network = { conditions: [{ type: 'RuntimeReady', status: true }, { type: 'NetworkReady', status: false, reason: 'NetworkPluginNotReady', message: 'cni plugin not initialized' }] };
    expect(runtimeProblems(network)).toEqual(['container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:cni plugin not initialized']);
    expect(runtimeProblems({ conditions: [] })).toHaveLength(2);
  });

  it('keeps transition times while statuses stay, and conditions others own', () => {
    const first = nodeConditions(inputs());
    const others: NodeCondition = { type: 'NetworkUnavailable', status: 'False', reason: 'RouteCreated' };
    const later = nodeConditions(inputs({ now: t0 + 60_000, previous: [...first, others] }));
    const readyLater = later.find((c) => c.type === 'Ready')!;
    expect(readyLater.lastTransitionTime).toBe(formatTime(t0));
    expect(readyLater.lastHeartbeatTime).toBe(formatTime(t0 + 60_000));
    expect(later.at(-1)).toEqual(others);
    const flipped = nodeConditions(inputs({ now: t0 + 120_000, runtime: undefined, previous: later }));
    expect(flipped.find((c) => c.type === 'Ready')?.lastTransitionTime).toBe(formatTime(t0 + 120_000));
    expect(flipped.find((c) => c.type === 'MemoryPressure')?.lastTransitionTime).toBe(formatTime(t0));
  });

  it('reports ephemeral storage less the 10 % eviction reserve when the filesystem is known', () => {
    const resources = machineResources({ ...TEST_MACHINE, ephemeralStorageBytes: 100 * 2 ** 30 });
    expect(resources.capacity['ephemeral-storage']).toBe('104857600Ki');
    expect(resources.allocatable['ephemeral-storage']).toBe(String(Math.floor(100 * 2 ** 30 * 0.9)));
    expect(machineResources(TEST_MACHINE).capacity['ephemeral-storage']).toBeUndefined();
  });

  it('reads the machine the way the kubelet reports it', () => {
    expect(osImageFrom('NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(osImageFrom(undefined)).toBe('Unknown');
    expect(goArch('x64')).toBe('amd64');
    expect(goArch('arm64')).toBe('arm64');
  });
});
