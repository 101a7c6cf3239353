import { Command } from 'commander';
import { CommandContext } from '../context';
import { TaintFlags, TaintOptions } from './taint';

export function newCmdTaint(ctx: CommandContext): Command {
  return new Command('taint')
    .description('Update the taints on one or more nodes')
    .usage('NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N')
    .argument('[args...]')
    .option('--overwrite', 'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints')
    .option('--all', 'Select all nodes in the cluster')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('-o, --output <format>', 'Output format: json, yaml, name, jsonpath=...')
    .action(async (args: string[], flags: TaintFlags, cmd: Command) => {
      const o = new TaintOptions(ctx.factory(cmd));
      o.complete(args, flags);
      o.validate();
      await o.run();
    });
}
