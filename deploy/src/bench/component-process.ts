// Forks component-child.js to run one control-plane component in its own
// process, and talks to it: ready, counters, profiles of a stretch of work, stop.
import { fork } from 'child_process';
import * as path from 'path';
import type { ChildMessage, ComponentConfig, ParentMessage, Role, SchedulerReport } from './component-child';

export interface ForkedComponent {
  readonly role: Role;
  readonly pid: number;
  /** The apiserver's host:port; undefined for the others. */
  readonly address?: string;
  /** The scheduler's latest counters (undefined before the first report, and for other roles). */
  readonly latest?: SchedulerReport;
  /** Called on every scheduler report. */
  onReport(listener: (report: SchedulerReport) => void): () => void;
  /** Starts a CPU profile inside the process (inspector, not --cpu-prof). */
  startProfile(): Promise<void>;
  /** Stops it and writes it to file. */
  stopProfile(file: string): Promise<string>;
  /** Asks the component to stop cleanly; SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** execArgv: extra node flags for the child, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
export function forkComponent(config: ComponentConfig, execArgv: string[] = []): Promise<ForkedComponent> {
  const child = fork(path.join(__dirname, 'component-child.js'), [JSON.stringify(config)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listeners = new Set<(report: SchedulerReport) => void>();
  const waiting: ((message: ChildMessage) => boolean)[] = [];
  let latest: SchedulerReport | undefined;
  child.on('message', (message: ChildMessage) => {
    if (message.type === 'scheduler') {
      latest = message.report;
      for (const listener of listeners) listener(message.report);
      return;
    }
    const at = waiting.findIndex((w) => w(message));
    if (at >= 0) waiting.splice(at, 1);
  });
  /** Sends a message and waits for the first answer `accept` takes (it returns the value, or undefined to keep waiting). */
  const request = <T>(message: ParentMessage, accept: (m: ChildMessage) => T | undefined): Promise<T> =>
    new Promise((resolve, reject) => {
      waiting.push((m) => {
        if (m.type === 'profile-failed') {
          reject(new Error(`${config.role}: ${m.error}`));
          return true;
        }
        const value = accept(m);
        if (value === undefined) return false;
        resolve(value);
        return true;
      });
      child.send(message);
    });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send({ type: 'stop' } satisfies ParentMessage);
    else child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const onStart = (message: ChildMessage): void => {
      if (message.type === 'ready') {
        child.off('message', onStart);
        resolve({
          role: config.role,
          pid: child.pid ?? -1,
          address: message.address,
          get latest() {
            return latest;
          },
          onReport(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
          },
          startProfile: () => request({ type: 'profile-start' }, (m) => (m.type === 'profile-started' ? true : undefined)).then(() => undefined),
          stopProfile: (file) => request({ type: 'profile-stop', file }, (m) => (m.type === 'profile-written' ? m.file : undefined)),
          stop,
        });
      } else if (message.type === 'failed') {
        child.off('message', onStart);
        reject(new Error(`${config.role} failed to start: ${message.error}`));
      }
    };
    child.on('message', onStart);
    child.once('exit', (code, signal) => reject(new Error(`${config.role} process exited (${signal ?? `code ${code}`}) before it was ready`)));
    child.once('error', reject);
  });
}
