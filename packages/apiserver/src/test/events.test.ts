// The event recorder's correlation against a real apiserver: similar events
// become one Event, repeats raise a count, and each object has a rate limit.
import { KObject } from '@kctl/api';
import { COMBINED_PREFIX, EventRecorder, FakeClock } from '@kctl/client';
import { pod } from './manifests';
import { startTestCluster, TestCluster } from './cluster';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(() => cluster.stop());

interface EventObject extends KObject {
  message: string;
  reason: string;
  count: number;
  involvedObject: { name: string };
  series?: { count: number };
}

async function eventsIn(namespace: string): Promise<EventObject[]> {
  return (await cluster.client.list<EventObject>('events', { namespace })).items;
}

async function namespace(name: string): Promise<string> {
  await cluster.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return name;
}

const podIn = (ns: string, name: string): KObject => ({ ...pod(name), metadata: { name, namespace: ns, uid: `uid-${name}` } });

describe('event aggregation', () => {
  it('folds similar events about different objects into one combined Event after 10', async () => {
    const ns = await namespace('ev-similar');
    const recorder = new EventRecorder(cluster.client, 'scheduler', '', new FakeClock());
    for (let i = 0; i < 40; i++) recorder.event(podIn(ns, `p-${i}`), 'Normal', 'Scheduled', `Successfully assigned ${ns}/p-${i} to node-${i}`);
    await recorder.flush();
    const events = await eventsIn(ns);
    const single = events.filter((e) => !e.message.startsWith(COMBINED_PREFIX));
    const combined = events.filter((e) => e.message.startsWith(COMBINED_PREFIX));
    expect(single).toHaveLength(9);
    expect(single.every((e) => e.count === 1)).toBe(true);
    expect(combined).toHaveLength(1);
    expect(combined[0]!.count).toBe(31);
    expect(combined[0]!.message).toBe(`${COMBINED_PREFIX}Successfully assigned ${ns}/p-39 to node-39`);
  });

  it('counts repeats of one event on one Event, and starts afresh after 10 quiet minutes', async () => {
    const ns = await namespace('ev-repeat');
    const clock = new FakeClock();
    const recorder = new EventRecorder(cluster.client, 'kubelet', 'node-1', clock);
    const target = podIn(ns, 'web');
    for (let i = 0; i < 3; i++) recorder.event(target, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await recorder.flush();
    let events = await eventsIn(ns);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ count: 3, series: { count: 3 }, reason: 'BackOff' });

    // Nine other messages within the window make the tenth similar one combined ...
    for (let i = 0; i < 9; i++) recorder.event(podIn(ns, `other-${i}`), 'Warning', 'BackOff', `Back-off ${i}`);
    await recorder.flush();
    expect((await eventsIn(ns)).filter((e) => e.message.startsWith(COMBINED_PREFIX))).toHaveLength(1);
    // ... but after ten minutes without any, similar events are counted from zero again.
    await clock.step(11 * 60_000);
    recorder.event(podIn(ns, 'late'), 'Warning', 'BackOff', 'Back-off late');
    await recorder.flush();
    events = await eventsIn(ns);
    expect(events.find((e) => e.involvedObject.name === 'late')?.message).toBe('Back-off late');
  });

  it('rate-limits each source and object: a burst of 25, then one per 5 minutes', async () => {
    const ns = await namespace('ev-spam');
    const clock = new FakeClock();
    const recorder = new EventRecorder(cluster.client, 'controller', '', clock);
    const target = podIn(ns, 'noisy');
    for (let i = 0; i < 40; i++) recorder.event(target, 'Normal', 'Pulled', 'Container image already present');
    await recorder.flush();
    expect((await eventsIn(ns))[0]?.count).toBe(25);
    await clock.step(5 * 60_000);
    recorder.event(target, 'Normal', 'Pulled', 'Container image already present');
    recorder.event(target, 'Normal', 'Pulled', 'Container image already present');
    await recorder.flush();
    const events = await eventsIn(ns);
    expect(events).toHaveLength(1);
    expect(events[0]!.count).toBe(26);
  });
});
