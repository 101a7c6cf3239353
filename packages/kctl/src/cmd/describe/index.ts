import { Command } from 'commander';
import { collect, CommandContext } from '../context';
import { DescribeFlags, DescribeOptions } from './describe';

export function newCmdDescribe(ctx: CommandContext): Command {
  return new Command('describe')
    .description('Show details of a specific resource or group of resources')
    .usage('[flags] [TYPE [NAME_PREFIX...] | TYPE/NAME...]')
    .argument('[type]')
    .argument('[names...]')
    .option('-l, --selector <selector>', 'Label selector to filter on')
    .option('-A, --all-namespaces', 'List the requested object(s) across all namespaces')
    .option('--show-events', 'If true, display events related to the described object (default true)')
    .option('--no-show-events', 'Do not display events')
    .option('-f, --filename <file>', 'Files identifying the resources to describe (repeatable)', collect)
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .action(async (first: string | undefined, rest: string[], flags: DescribeFlags, cmd: Command) => {
      const o = new DescribeOptions(ctx.factory(cmd));
      await o.complete(first === undefined ? [] : [first, ...rest], flags);
      o.validate();
      await o.run();
    });
}
