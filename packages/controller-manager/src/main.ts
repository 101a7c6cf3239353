#!/usr/bin/env node
// kctl-controller-manager: the controller-manager as its own process.
import { resolveControllers } from './controllers/registry';
import { start } from './manager';
import { parseFlags, USAGE } from './options';
import { consoleLogger } from './util/client-types';

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseFlags(process.argv.slice(2));
    resolveControllers(parsed.options.controllers);
  } catch (err) {
    process.stderr.write(`Error: ${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return;
  }
  const logger = consoleLogger('controller-manager', parsed.verbose);
  const handle = await start({ ...parsed.options, logger });
  logger.info(`started as ${handle.identity}, apiserver ${parsed.options.server}`);
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: stopping`);
    handle.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(`stop failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
