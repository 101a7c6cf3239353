// Runs one control-plane component as its own Node.js process, its output in a
// log file, and stops it with SIGTERM (SIGKILL if it does not exit in time).
import { spawn } from 'child_process';
import * as fs from 'fs';

export interface ComponentProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves with the exit code (or null after a signal) when the process ends. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 10_000;

export function spawnComponent(name: string, script: string, args: string[], logFile: string): ComponentProcess {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    pid: child.pid ?? -1,
    logFile,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The last lines of a log, to show why a component failed to start. */
export function tail(logFile: string, lines = 10): string {
  try {
    return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
