import { EventRecorder } from '@kctl/client';
import { ControlPlane, startControlPlane } from '@kctl/testing';

let cp: ControlPlane;
beforeAll(async () => {
  cp = await startControlPlane();
});
afterAll(() => cp.stop());

it('writes Events and aggregates repeats into a count', async () => {
  const cm = await cp.client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'noisy', namespace: 'default' } });
  const recorder = new EventRecorder(cp.client, 'test-controller', 'host-1');
  for (let i = 0; i < 3; i++) {
    recorder.event(cm, 'Warning', 'Broken', 'it broke');
    await recorder.flush();
  }
  recorder.event(cm, 'Normal', 'Fixed', 'it works');
  await recorder.flush();
  const events = (await cp.client.list('events', { namespace: 'default', fieldSelector: 'involvedObject.name=noisy' })).items;
  const summary = events.map((e) => [e.reason, e.count, (e.involvedObject as { uid: string }).uid, (e.source as { component: string }).component]).sort();
  expect(summary).toEqual([
    ['Broken', 3, cm.metadata.uid, 'test-controller'],
    ['Fixed', 1, cm.metadata.uid, 'test-controller'],
  ]);
});
