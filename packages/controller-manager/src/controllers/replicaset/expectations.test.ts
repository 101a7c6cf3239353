import { FakeClock } from '@kctl/client';
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS } from './expectations';

describe('ControllerExpectations', () => {
  it('is satisfied with no record, and once every create is observed', () => {
    const e = new ControllerExpectations(new FakeClock());
    expect(e.satisfied('ns/rs')).toBe(true);
    e.expectCreations('ns/rs', 2);
    expect(e.satisfied('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfied('ns/rs')).toBe(false);
    e.creationObserved('ns/rs');
    expect(e.satisfied('ns/rs')).toBe(true);
    // Extra observations never go below zero.
    e.creationObserved('ns/rs');
    expect(e.pending('ns/rs')).toEqual({ adds: 0, deletes: 0 });
  });

  it('counts only the deletions it waits for, each once', () => {
    const e = new ControllerExpectations(new FakeClock());
    e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
    e.deletionObserved('ns/rs', 'ns/other');
    e.deletionObserved('ns/rs', 'ns/a');
    e.deletionObserved('ns/rs', 'ns/a');
    expect(e.satisfied('ns/rs')).toBe(false);
    expect(e.pending('ns/rs')).toEqual({ adds: 0, deletes: 1 });
    e.deletionObserved('ns/rs', 'ns/b');
    expect(e.satisfied('ns/rs')).toBe(true);
  });

  it('gives up waiting after five minutes', async () => {
    const clock = new FakeClock();
    const e = new ControllerExpectations(clock);
    e.expectCreations('ns/rs', 3);
    await clock.step(EXPECTATIONS_TIMEOUT_MS);
    expect(e.satisfied('ns/rs')).toBe(false);
    await clock.step(1);
    expect(e.satisfied('ns/rs')).toBe(true);
  });

  it('forgets a deleted controller', () => {
    const e = new ControllerExpectations(new FakeClock());
    e.expectCreations('ns/rs', 1);
    e.deleteExpectations('ns/rs');
    expect(e.satisfied('ns/rs')).toBe(true);
    expect(e.pending('ns/rs')).toBeUndefined();
  });
});
