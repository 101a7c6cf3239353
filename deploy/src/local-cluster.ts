#!/usr/bin/env node
// `npm start`: runs the control plane on loopback (etcd, apiserver, scheduler,
// controller-manager), points kctl's kubeconfig at it, and stops it all on
// SIGINT/SIGTERM.
import * as path from 'path';
import { ApiClient } from '@kctl/client';
import { testing } from '@kctl/controller-manager';
import { startLocalCluster, LocalClusterHandle } from './cluster/local-cluster';
import { writeKubeconfig } from './cluster/kubeconfig';
import { HELP, parseLauncherArgs } from './cluster/options';
import { PortInUseError } from './cluster/ports';

type SimulatedNodes = Awaited<ReturnType<typeof testing.startSimulatedNodes>>;

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function usage(cluster: LocalClusterHandle, nodes: SimulatedNodes | undefined, kubeconfig: string, previousContext: string | undefined): string {
  const kctl = path.relative(process.cwd(), path.join(REPO_ROOT, 'packages', 'kctl', 'dist', 'main.js')) || 'packages/kctl/dist/main.js';
  return [
    '',
    'kctl local cluster is running.',
    `  etcd                ${cluster.etcd.endpoint}  (pid ${cluster.etcd.pid}, data ${cluster.etcd.dataDir}, log ${cluster.etcdLogFile})`,
    ...cluster.components.map((c) => `  ${c.name.padEnd(20)}pid ${c.pid}, log ${c.logFile}`),
    `  apiserver address   ${cluster.apiserverAddress}`,
    ...(nodes ? [`  simulated nodes     ${nodes.nodes.join(', ')}`] : []),
    `  kubeconfig  ${kubeconfig}  (context "local"${previousContext ? `; current-context was "${previousContext}"` : ''})`,
    '',
    'Try it from the repository root:',
    '  npx kctl get ns',
    `  node ${kctl} get ns`,
    '',
    `  node ${kctl} apply -f examples/`,
    '',
    'Press Ctrl-C to stop (the components in reverse order, etcd last; the data stays).',
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseLauncherArgs(process.argv.slice(2), REPO_ROOT);
  if (options.help) {
    console.log(HELP);
    return;
  }
  const cluster = await startLocalCluster({ dataDir: options.dataDir, etcdPort: options.etcdPort, apiPort: options.apiPort, apiserverOnly: options.apiserverOnly });
  let nodes: SimulatedNodes | undefined;
  if (options.simulatedNodes > 0) {
    const client = new ApiClient({ server: cluster.apiserverAddress });
    nodes = await testing.startSimulatedNodes({ client, nodes: options.simulatedNodes, bind: false, registerNodes: true });
  }

  let exitCode = 0;
  const shutdown = (reason: string): void => {
    console.log(`\n${reason}`);
    Promise.resolve(nodes?.stop())
      .then(() => cluster.stop())
      .then(
        () => process.exit(exitCode),
        (err: unknown) => {
          console.error(`local-cluster: error while stopping: ${(err as Error).message}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => shutdown('Received SIGINT.'));
  process.on('SIGTERM', () => shutdown('Received SIGTERM.'));

  try {
    const written = writeKubeconfig(cluster.apiserverAddress);
    console.log(usage(cluster, nodes, written.file, written.previousContext));
  } catch (err) {
    console.error(`local-cluster: cannot write the kubeconfig: ${(err as Error).message}`);
    exitCode = 1;
    shutdown('Shutting down because the kubeconfig could not be written.');
  }
}

main().catch((err: unknown) => {
  const message = err instanceof PortInUseError ? err.message : `cannot start: ${(err as Error).message}`;
  console.error(`local-cluster: ${message}`);
  process.exit(1);
});
