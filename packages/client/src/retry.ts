import { isConflict } from '@kctl/api';
import { Clock, realClock } from './clock';

/** Runs fn again while it fails with Conflict, up to attempts times (as client-go's RetryOnConflict). */
export async function retryOnConflict<T>(fn: () => Promise<T>, attempts = 20, clock: Clock = realClock): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!isConflict(err) || i >= attempts) throw err;
      // Jittered, growing pause (up to 100 ms) so racing writers spread out.
      await clock.sleep(Math.min(100, 2 ** i) * Math.random());
    }
  }
}
