import { isConflict } from '@kctl/api';

/** Runs fn again while it fails with Conflict, up to attempts times (as client-go's RetryOnConflict). */
export async function retryOnConflict<T>(fn: () => Promise<T>, attempts = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!isConflict(err) || i >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, 2 ** i) * Math.random()));
    }
  }
}
