import { StatusError } from '@kctl/api';
import { ControlPlane, startControlPlane } from '@kctl/testing';

let cp: ControlPlane;
beforeAll(async () => {
  cp = await startControlPlane();
});
afterAll(() => cp.stop());

const reasonOf = (p: Promise<unknown>): Promise<string> => p.then(() => 'succeeded', (e: unknown) => (e as StatusError).reason);

it('binds a pod once, setting nodeName and PodScheduled', async () => {
  const pod = await cp.client.create('pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bindme', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  const bound = await cp.client.bind('default', 'bindme', 'node-1', pod.metadata.uid);
  expect((bound.spec as { nodeName: string }).nodeName).toBe('node-1');
  expect((bound.status as { conditions: { type: string; status: string }[] }).conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'True' })]);
  expect(await reasonOf(cp.client.bind('default', 'bindme', 'node-2'))).toBe('Conflict');
  expect(((await cp.client.get('pods', 'default', 'bindme')).spec as { nodeName: string }).nodeName).toBe('node-1');
});

it('reads and writes replicas through the scale subresource', async () => {
  const template = { metadata: { labels: { app: 's' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } };
  const d = await cp.client.create('deployments', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'scaled', namespace: 'default' }, spec: { replicas: 2, selector: { matchLabels: { app: 's' } }, template } });
  const scale = await cp.client.getScale('deployments', 'default', 'scaled');
  expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 2 }, status: { selector: 'app=s' } });
  const updated = await cp.client.updateScale('deployments', 'default', 'scaled', 5, scale.metadata.resourceVersion);
  expect(updated.spec.replicas).toBe(5);
  expect(((await cp.client.get('deployments', 'default', 'scaled')).spec as { replicas: number }).replicas).toBe(5);
  expect((await cp.client.get('deployments', 'default', 'scaled')).metadata.generation).toBe((d.metadata.generation ?? 1) + 1);
  expect(await reasonOf(cp.client.updateScale('deployments', 'default', 'scaled', 1, scale.metadata.resourceVersion))).toBe('Conflict');
  expect(await reasonOf(cp.client.updateScale('deployments', 'default', 'scaled', -1))).toBe('Invalid');
  expect(await reasonOf(cp.client.getScale('configmaps', 'default', 'x'))).toBe('NotFound');
});
