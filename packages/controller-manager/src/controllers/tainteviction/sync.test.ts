import { formatTime } from '@kctl/api';
import type { NodeObject, PodObject, Taint, Toleration } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { FakeApi, FakeRecorder } from '../../testing/fake-api';
import { pod } from '../../testing/fixtures';
import { silentLogger } from '../../util/client-types';
import { ControllerContext } from '../types';
import { TaintEvictionController } from './controller';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const UNREACHABLE = 'node.kubernetes.io/unreachable';

function setup(taint: Taint) {
  const clock = new FakeClock(T0);
  const api = new FakeApi({ clock });
  const recorder = new FakeRecorder();
  const ctx: ControllerContext = { client: api, informers: api, clock, recorder: () => recorder, logger: silentLogger, workers: 1 };
  const controller = new TaintEvictionController(ctx);
  api.seed<NodeObject>('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' }, spec: { taints: [taint] } });
  const withTolerations = (name: string, tolerations: Toleration[]): PodObject => {
    const p = pod(name, { node: 'n1' });
    p.spec = { ...p.spec!, tolerations };
    return p;
  };
  api.seed('pods', withTolerations('none', []));
  api.seed('pods', withTolerations('short', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]));
  api.seed('pods', withTolerations('forever', [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' }]));
  api.seed('pods', pod('elsewhere', { node: 'n2' }));
  api.clearActions();
  return { clock, api, recorder, sync: () => controller.syncer.sync('n1') };
}

const deleted = (api: FakeApi): string[] => api.writes('delete', 'pods').map((a) => a.name);

describe('taint eviction sync', () => {
  it('evicts untolerating pods at once and the others when their tolerationSeconds run out from timeAdded', async () => {
    const { api, clock, recorder, sync } = setup({ key: UNREACHABLE, effect: 'NoExecute', timeAdded: formatTime(T0 - 10_000) });
    expect(await sync()).toEqual({ requeueAfterMs: 20_001 });
    expect(deleted(api)).toEqual(['none']);
    expect(recorder.messages('TaintManagerEviction')).toEqual(['Marking for deletion Pod default/none']);

    await clock.step(20_000);
    expect(await sync()).toBeUndefined();
    expect(deleted(api)).toEqual(['none', 'short']);
    // Pods being deleted are not deleted again; the one tolerating forever stays.
    await clock.step(600_000);
    await sync();
    expect(deleted(api)).toEqual(['none', 'short']);
  });

  it('counts a taint without timeAdded from when it was first seen', async () => {
    const { api, clock, sync } = setup({ key: UNREACHABLE, effect: 'NoExecute' });
    expect(await sync()).toEqual({ requeueAfterMs: 30_001 });
    await clock.step(10_000);
    expect(await sync()).toEqual({ requeueAfterMs: 20_001 });
    await clock.step(20_000);
    await sync();
    expect(deleted(api)).toEqual(['none', 'short']);
  });

  it('does nothing for NoSchedule taints', async () => {
    const { api, sync } = setup({ key: UNREACHABLE, effect: 'NoSchedule' });
    expect(await sync()).toBeUndefined();
    expect(api.writes()).toEqual([]);
  });
});
