import { Command } from 'commander';
import { collect, CommandContext } from '../context';
import { DeleteFlags, DeleteOptions } from './delete';

export function newCmdDelete(ctx: CommandContext): Command {
  return new Command('delete')
    .description('Delete resources by file names, stdin, resources and names, or by resources and label selector')
    .usage('[flags] [TYPE [NAME...] | TYPE/NAME...]')
    .argument('[type]')
    .argument('[names...]')
    .option('-f, --filename <file>', 'Files containing the resources to delete (repeatable)', collect)
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--field-selector <selector>', 'Selector (field query) to filter on')
    .option('--all', 'Delete all resources of the specified types in the namespace')
    .option('-A, --all-namespaces', 'With --all or -l, delete across all namespaces')
    .option('--wait', 'Wait for resources to be gone before returning (default true)')
    .option('--no-wait', 'Return as soon as the deletions were accepted')
    .option('--timeout <duration>', 'How long to wait for the deletion (0 = a week)', '0s')
    .option('--ignore-not-found', 'Treat "resource not found" as a successful delete')
    .option('--cascade <policy>', 'background, foreground or orphan', 'background')
    .option('--grace-period <seconds>', 'Seconds given to the resource to terminate gracefully (-1: its default)')
    .option('--now', 'Signal resources for immediate shutdown (same as --grace-period=1)')
    .option('--force', 'Delete immediately, without waiting for graceful termination')
    .option('-o, --output <format>', 'Output format: name')
    .action(async (first: string | undefined, rest: string[], flags: DeleteFlags, cmd: Command) => {
      const o = new DeleteOptions(ctx.factory(cmd));
      await o.complete(first === undefined ? [] : [first, ...rest], flags);
      o.validate();
      await o.run();
    });
}
