// What every benchmark script shares: progress lines on stderr, cleanup of what
// it started (also on Ctrl-C), and the exit code.

export const log = (line: string): void => void process.stderr.write(`${line}\n`);

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Cleanup steps, run last-registered first, exactly once. */
export class Cleanup {
  private readonly steps: { name: string; run: () => Promise<void> | void }[] = [];
  private done?: Promise<void>;

  add(name: string, run: () => Promise<void> | void): void {
    this.steps.push({ name, run });
  }

  run(): Promise<void> {
    this.done ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (err) {
          log(`cleanup: ${step.name} failed: ${(err as Error).message}`);
        }
      }
    })();
    return this.done;
  }
}

/**
 * Runs a benchmark: body gets a Cleanup to register what it starts, and calls
 * started() once everything it starts is registered. On SIGINT/SIGTERM the
 * cleanup runs (after start-up registered everything, so nothing is left
 * running) and the process exits 130; otherwise it exits with body's code.
 */
export function runBenchmark(name: string, body: (cleanup: Cleanup, started: () => void) => Promise<number>): void {
  const cleanup = new Cleanup();
  let markStarted = (): void => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const interrupted = (signal: string): void => {
    log(`Received ${signal}; cleaning up ...`);
    started
      .then(() => cleanup.run())
      .then(
        () => process.exit(130),
        () => process.exit(130),
      );
  };
  process.on('SIGINT', () => interrupted('SIGINT'));
  process.on('SIGTERM', () => interrupted('SIGTERM'));
  const main = async (): Promise<number> => {
    try {
      return await body(cleanup, markStarted);
    } finally {
      markStarted();
      await cleanup.run();
    }
  };
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      log(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}
