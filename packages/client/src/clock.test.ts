import { every, FakeClock } from './clock';

describe('every', () => {
  it('calls back once per interval until cancelled', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const handle = every(clock, 1000, () => calls++);
    await clock.step(999);
    expect(calls).toBe(0);
    await clock.step(1);
    expect(calls).toBe(1);
    await clock.step(3000);
    expect(calls).toBe(4);
    handle.cancel();
    await clock.step(5000);
    expect(calls).toBe(4);
    expect(clock.pending).toBe(0);
  });

  it('stops when cancelled from inside the callback', async () => {
    const clock = new FakeClock();
    let calls = 0;
    const handle = every(clock, 10, () => {
      calls++;
      handle.cancel();
    });
    await clock.step(100);
    expect(calls).toBe(1);
    expect(clock.pending).toBe(0);
  });
});
