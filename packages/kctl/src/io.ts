// The streams and environment a command runs with. main.ts passes the process's
// own; tests pass in-memory ones and drive `run` in-process.
import type { Readable } from 'stream';

/** Anything with write(string): process.stdout, a PassThrough, or a test buffer. */
export interface Output {
  write(chunk: string): unknown;
}

export interface IOStreams {
  stdout: Output;
  stderr: Output;
  /** Read by `-f -`. */
  stdin: Readable | NodeJS.ReadableStream;
  /** Environment (HOME, KUBECONFIG). */
  env: Record<string, string | undefined>;
  /** Base for relative paths; default process.cwd(). */
  cwd?: string;
  /** Aborting stops long-running commands (get --watch, delete --wait) cleanly. */
  signal?: AbortSignal;
  /** Clock for AGE columns and waits (ms since epoch); default Date.now. */
  now?: () => number;
}
