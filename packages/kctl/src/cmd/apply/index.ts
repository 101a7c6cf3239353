import { Command } from 'commander';
import { collect, CommandContext } from '../context';
import { ApplyFlags, ApplyOptions } from './apply';

export function newCmdApply(ctx: CommandContext): Command {
  return new Command('apply')
    .description('Apply a configuration to a resource by file name or stdin')
    .option('-f, --filename <file>', 'File, directory or - (stdin) with the configuration to apply (repeatable)', collect)
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .option('--dry-run <strategy>', 'none, client or server', 'none')
    .option('-o, --output <format>', 'Output format: name')
    .option('--server-side', 'Not supported')
    .action(async (flags: ApplyFlags, cmd: Command) => {
      const o = new ApplyOptions(ctx.factory(cmd));
      await o.complete(flags);
      o.validate();
      await o.run();
    });
}
