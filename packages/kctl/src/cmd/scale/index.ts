import { Command } from 'commander';
import { collect, CommandContext } from '../context';
import { ScaleFlags, ScaleOptions } from './scale';

export function newCmdScale(ctx: CommandContext): Command {
  return new Command('scale')
    .description('Set a new size for a deployment or replica set')
    .usage('[--resource-version=version] [--current-replicas=count] --replicas=COUNT (-f FILENAME | TYPE NAME)')
    .argument('[args...]')
    .option('--replicas <count>', 'The new desired number of replicas. Required.')
    .option('--current-replicas <count>', 'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.')
    .option('--resource-version <version>', 'Precondition for resource version. Requires that the current resource version match this value in order to scale.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .option('-f, --filename <file>', 'Filename, directory, or - identifying the resource to set a new size (repeatable)', collect)
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .option('--timeout <duration>', 'The length of time to wait before giving up on a scale operation, zero means don\'t wait', '0s')
    .option('--dry-run <strategy>', 'none or client', 'none')
    .option('-o, --output <format>', 'Output format: json, yaml, name, jsonpath=...')
    .action(async (args: string[], flags: ScaleFlags, cmd: Command) => {
      const o = new ScaleOptions(ctx.factory(cmd));
      o.complete(args, flags);
      o.validate();
      await o.run();
    });
}
