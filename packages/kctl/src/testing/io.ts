// In-memory streams for driving run() in tests.
import { Readable } from 'stream';
import { IOStreams } from '../io';

export interface CapturedIO {
  io: IOStreams;
  stdout(): string;
  stderr(): string;
  /** Forget what was written so far. */
  reset(): void;
}

export function captureIO(options: { env?: Record<string, string | undefined>; stdin?: string; cwd?: string; now?: () => number; signal?: AbortSignal } = {}): CapturedIO {
  let out = '';
  let err = '';
  const io: IOStreams = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: Readable.from(options.stdin !== undefined ? [Buffer.from(options.stdin)] : []),
    env: options.env ?? {},
    cwd: options.cwd,
    now: options.now,
    signal: options.signal,
  };
  return {
    io,
    stdout: () => out,
    stderr: () => err,
    reset: () => {
      out = '';
      err = '';
    },
  };
}
