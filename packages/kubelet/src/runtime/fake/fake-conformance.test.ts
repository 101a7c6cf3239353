// The conformance suite on the fake runtime, its time on a FakeClock.
import { FakeClock } from '@kctl/client';
import { describeRuntimeConformance } from '../conformance';
import { FakeRuntime } from './fake-runtime';

const BUSYBOX = 'kctl.local/busybox:1.35';
const UNPULLABLE = 'kctl.local/not-imported:1';

describeRuntimeConformance('FakeRuntime', () => {
  const clock = new FakeClock();
  const runtime = new FakeRuntime({ clock, images: [BUSYBOX], podIPPrefix: '10.9.1.' });
  runtime.failPulls(UNPULLABLE, 'connection refused');
  return { runtime, runtimeName: 'fake', busybox: BUSYBOX, unpullableImage: UNPULLABLE, podIPPrefix: '10.9.1.', passTime: (ms) => clock.step(ms) };
});
