// Starts the apiserver, or the forwarder that stands in its place, for the
// benchmark: in a child process (default, as in a real cluster, so client and
// server don't share one event loop) or in this one.
import { startApiServer } from '@kctl/apiserver';
import { forkComponent } from './component-process';
import { startForwarder } from './forwarder';

export interface BenchApiServer {
  address: string;
  /** pid of the process the server runs in. */
  pid: number;
  stop(): Promise<void>;
}

export type ServerRole = 'apiserver' | 'forwarder';

export async function startInProcess(role: ServerRole, etcdEndpoint: string): Promise<BenchApiServer> {
  const server = role === 'apiserver' ? await startApiServer({ etcdEndpoints: [etcdEndpoint], listen: '127.0.0.1:0' }) : await startForwarder(etcdEndpoint);
  return { address: server.address, pid: process.pid, stop: () => server.stop() };
}

/** execArgv: extra node flags for the child, e.g. ['--cpu-prof', '--cpu-prof-dir', dir]. */
export async function startChildProcess(role: ServerRole, etcdEndpoint: string, execArgv: string[] = []): Promise<BenchApiServer> {
  const child = await forkComponent({ role, etcdEndpoint }, execArgv);
  if (!child.address) throw new Error(`the ${role} process did not report its address`);
  return { address: child.address, pid: child.pid, stop: () => child.stop() };
}
