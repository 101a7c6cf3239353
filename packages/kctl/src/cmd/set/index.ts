import { Command } from 'commander';
import { collect, CommandContext } from '../context';
import { SetImageFlags, SetImageOptions } from './image';

export function newCmdSet(ctx: CommandContext): Command {
  const set = new Command('set').description('Set specific features on objects').usage('SUBCOMMAND');
  set
    .command('image')
    .description('Update the image of a pod template')
    .usage('(-f FILENAME | TYPE NAME) CONTAINER_NAME_1=CONTAINER_IMAGE_1 ... CONTAINER_NAME_N=CONTAINER_IMAGE_N')
    .argument('[args...]')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .option('-f, --filename <file>', 'Filename, directory, or - identifying the resource to get from a server (repeatable)', collect)
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .option('-o, --output <format>', 'Output format: json, yaml, name, jsonpath=...')
    .action(async (args: string[], flags: SetImageFlags, cmd: Command) => {
      const o = new SetImageOptions(ctx.factory(cmd));
      o.complete(args, flags);
      o.validate();
      await o.run();
    });
  return set;
}
