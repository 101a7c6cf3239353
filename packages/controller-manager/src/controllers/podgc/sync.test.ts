import type { NodeObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { FakeApi, FakeRecorder } from '../../testing/fake-api';
import { pod } from '../../testing/fixtures';
import { silentLogger } from '../../util/client-types';
import { ControllerContext } from '../types';
import { PodGCController } from './controller';

function setup(options: { holdNodes?: boolean } = {}) {
  const clock = new FakeClock(Date.parse('2026-01-01T00:00:00Z'));
  const api = new FakeApi({ clock, hold: options.holdNodes ? ['nodes'] : [] });
  const ctx: ControllerContext = { client: api, informers: api, clock, recorder: () => new FakeRecorder(), logger: silentLogger, workers: 1, settings: { terminatedPodGCThreshold: 1 } };
  const controller = new PodGCController(ctx);
  api.seed<NodeObject>('nodes', { apiVersion: 'v1', kind: 'Node', metadata: { name: 'here' } });
  return { api, sync: () => controller.syncer.sync() };
}

const forceDeleted = (api: FakeApi): string[] =>
  api
    .writes('delete', 'pods')
    .filter((a) => a.options?.gracePeriodSeconds === 0)
    .map((a) => a.name)
    .sort();

describe('pod GC sync', () => {
  it('force-deletes pods of missing nodes, unbound terminating pods, and the oldest terminated above the threshold', async () => {
    const { api, sync } = setup();
    api.seed('pods', pod('running-here', { node: 'here' }));
    api.seed('pods', pod('running-gone', { node: 'gone' }));
    api.seed('pods', pod('deleting-gone', { node: 'gone', deleting: true }));
    api.seed('pods', pod('deleting-unbound', { deleting: true }));
    api.seed('pods', pod('pending'));
    api.seed('pods', pod('done-old', { node: 'here', phase: 'Succeeded', created: '2026-01-01T00:00:00Z' }));
    api.seed('pods', pod('done-new', { node: 'here', phase: 'Failed', created: '2026-01-01T00:01:00Z' }));
    await sync();
    expect(forceDeleted(api)).toEqual(['deleting-gone', 'deleting-unbound', 'done-old', 'running-gone']);
    expect(api.writes('delete')).toHaveLength(4);
  });

  it('keeps the pods of a node the cache has not seen yet but the apiserver has', async () => {
    const { api, sync } = setup({ holdNodes: true });
    api.seed('pods', pod('new-node-pod', { node: 'here' }));
    await sync();
    expect(api.writes('delete')).toEqual([]);
  });
});
