import { FakeClock } from '@kctl/client';
import { FakeApi, FakeRecorder } from '../../testing/fake-api';
import { deployment, pod, replicaSet } from '../../testing/fixtures';
import { drainQueue } from '../../testing/queue';
import { silentLogger } from '../../util/client-types';
import { ControllerContext } from '../types';
import { DeploymentController } from './controller';

function setup() {
  const clock = new FakeClock();
  const api = new FakeApi({ clock });
  const ctx: ControllerContext = { client: api, informers: api, clock, recorder: () => new FakeRecorder(), logger: silentLogger, workers: 1 };
  const controller = new DeploymentController(ctx);
  const keys = (): Promise<string[]> => drainQueue(controller.queue);
  return { api, controller, keys };
}

describe('Deployment controller handlers', () => {
  it('enqueue the owning Deployment for ReplicaSet events, and every matching one for orphans', async () => {
    const { api, keys } = setup();
    const web = api.seed('deployments', deployment('web'));
    api.seed('deployments', deployment('web2', { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } }));
    api.seed('deployments', deployment('db'));
    expect(await keys()).toEqual(['default/db', 'default/web', 'default/web2']);
    api.seed('replicasets', replicaSet('web-abc', 1, { owner: web, labels: { app: 'web' } }));
    expect(await keys()).toEqual(['default/web']);
    api.seed('replicasets', replicaSet('orphan-abc', 1, { labels: { app: 'web' } }));
    expect(await keys()).toEqual(['default/web', 'default/web2']);
    api.modify('replicasets', 'default/web-abc', (rs) => (rs.status = { replicas: 1 }));
    expect(await keys()).toEqual(['default/web']);
  });

  it('enqueue a Recreate Deployment when one of its pods goes', async () => {
    const { api, keys } = setup();
    const d = api.seed('deployments', deployment('web', { strategy: { type: 'Recreate' } }));
    const rs = api.seed('replicasets', replicaSet('web-abc', 1, { owner: d, labels: { app: 'web' } }));
    api.seed('pods', pod('web-abc-1', { owner: rs }));
    await keys();
    api.remove('pods', 'default/web-abc-1');
    expect(await keys()).toEqual(['default/web']);
  });
});
