import { formatMicroTime, formatTime, nodeReadyCondition } from '@kctl/api';
import type { LeaseObject, NodeObject, PodObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { FakeApi, FakeRecorder } from '../../testing/fake-api';
import { pod } from '../../testing/fixtures';
import { silentLogger } from '../../util/client-types';
import { ControllerContext } from '../types';
import { NodeLifecycleController } from './controller';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function setup() {
  const clock = new FakeClock(T0);
  const api = new FakeApi({ clock });
  const recorder = new FakeRecorder();
  const ctx: ControllerContext = { client: api, informers: api, clock, recorder: () => recorder, logger: silentLogger, workers: 1, settings: { nodeMonitorGracePeriodMs: 50_000 } };
  const controller = new NodeLifecycleController(ctx);
  api.seed<NodeObject>('nodes', {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1' },
    spec: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] },
    status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: formatTime(T0), lastTransitionTime: formatTime(T0) }] },
  });
  api.seed<LeaseObject>('leases', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'n1', namespace: 'kube-node-lease' }, spec: { renewTime: formatMicroTime(T0) } });
  api.seed('pods', pod('web-1', { node: 'n1', ready: true }));
  api.seed('pods', pod('web-2', { node: 'n2', ready: true }));
  api.clearActions();
  return { clock, api, recorder, sync: () => controller.syncer.sync('n1') };
}

const node = (api: FakeApi): NodeObject => api.stored<NodeObject>('nodes', 'n1')!;
const readyOf = (api: FakeApi, name: string): string | undefined => api.stored<PodObject>('pods', `default/${name}`)?.status?.conditions?.find((c) => c.type === 'Ready')?.status;

describe('node lifecycle sync', () => {
  it('leaves a node with a fresh Lease alone and looks again when its grace runs out', async () => {
    const { api, clock, sync } = setup();
    await clock.step(20_000);
    expect(await sync()).toEqual({ requeueAfterMs: 30_001 });
    expect(api.writes()).toEqual([]);
  });

  it('marks a silent node Unknown and unreachable and its pods not Ready, once', async () => {
    const { api, clock, recorder, sync } = setup();
    await clock.step(50_000);
    await sync();
    expect(nodeReadyCondition(node(api))).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', lastHeartbeatTime: formatTime(T0), lastTransitionTime: formatTime(T0 + 50_000) });
    expect(node(api).spec?.taints).toEqual([
      { key: 'dedicated', value: 'db', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: formatTime(T0 + 50_000) },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
    ]);
    expect(readyOf(api, 'web-1')).toBe('False');
    expect(readyOf(api, 'web-2')).toBe('True');
    expect(recorder.messages('NodeNotReady')).toEqual(['Node n1 status is now: NodeNotReady', 'Node is not ready']);

    api.clearActions();
    await clock.step(5_000);
    await sync();
    expect(api.writes()).toEqual([]);
  });

  it('removes the lifecycle taints when the kubelet reports Ready again', async () => {
    const { api, clock, sync } = setup();
    await clock.step(60_000);
    await sync();
    api.modify<LeaseObject>('leases', 'kube-node-lease/n1', (l) => (l.spec = { renewTime: formatMicroTime(clock.now()) }));
    api.modify<NodeObject>('nodes', 'n1', (n) => (n.status = { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: formatTime(clock.now()) }] }));
    await sync();
    expect(node(api).spec?.taints).toEqual([{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]);
  });

  it('taints a node whose kubelet reports Ready False not-ready, without touching its conditions', async () => {
    const { api, sync } = setup();
    api.modify<NodeObject>('nodes', 'n1', (n) => (n.status = { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady', lastHeartbeatTime: formatTime(T0) }] }));
    api.clearActions();
    await sync();
    expect(api.writes('updateStatus')).toEqual([]);
    expect(node(api).spec?.taints?.map((t) => `${t.key}:${t.effect}`)).toEqual(['dedicated:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/not-ready:NoSchedule']);
    expect(readyOf(api, 'web-1')).toBe('True');
  });
});
