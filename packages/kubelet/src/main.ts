#!/usr/bin/env node
// kctl-kubelet: one node agent per process.
import { CommanderError } from 'commander';
import { parseKubeletFlags } from './flags';
import { startKubelet } from './kubelet';
import { runtimeFromFlags } from './runtime/select';

async function main(): Promise<void> {
  const flags = parseKubeletFlags(process.argv.slice(2));
  const log = (message: string): void => console.log(`${new Date().toISOString()} ${message}`);
  const { runtime, close } = runtimeFromFlags(flags);
  log(`kctl-kubelet ${flags.nodeName} connecting to ${flags.server} (runtime ${flags.runtime === 'cri' ? flags.runtimeEndpoint : 'fake'})`);
  const handle = await startKubelet({ ...flags, runtime, log });
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    handle.stop().then(
      () => {
        close();
        process.exit(0);
      },
      (err: unknown) => {
        console.error(`kctl-kubelet: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  await handle.ready;
  log(`kctl-kubelet ${flags.nodeName} ready`);
}

main().catch((err: unknown) => {
  // --help and --version end through commander's exit override with code 0.
  if (err instanceof CommanderError) process.exit(err.exitCode);
  console.error(`kctl-kubelet: ${(err as Error).message}`);
  process.exit(1);
});
