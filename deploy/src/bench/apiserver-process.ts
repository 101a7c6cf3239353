// Starts the apiserver for the benchmark: in a child process (default, as in a
// real cluster, so client and server don't share one event loop) or in this one.
import { fork } from 'child_process';
import * as path from 'path';
import { startApiServer } from '@kctl/apiserver';
import type { ChildMessage } from './apiserver-child';

export interface BenchApiServer {
  address: string;
  /** pid of the process the apiserver runs in. */
  pid: number;
  stop(): Promise<void>;
}

export async function startInProcess(etcdEndpoint: string): Promise<BenchApiServer> {
  const server = await startApiServer({ etcdEndpoints: [etcdEndpoint], listen: '127.0.0.1:0' });
  return { address: server.address, pid: process.pid, stop: () => server.stop() };
}

/** execArgv: extra node flags for the child, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
export function startChildProcess(etcdEndpoint: string, execArgv: string[] = []): Promise<BenchApiServer> {
  const child = fork(path.join(__dirname, 'apiserver-child.js'), [etcdEndpoint], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send('stop');
    else child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    child.once('message', (message: ChildMessage) => {
      if (message.type === 'ready') resolve({ address: message.address, pid: child.pid ?? -1, stop });
      else reject(new Error(`apiserver failed to start: ${message.error}`));
    });
    child.once('exit', (code, signal) => reject(new Error(`apiserver process exited (${signal ?? `code ${code}`}) before it was ready`)));
    child.once('error', reject);
  });
}
