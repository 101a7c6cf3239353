import { Command } from 'commander';
import { collect, CommandContext } from '../context';
import { RolloutHistoryFlags, RolloutHistoryOptions } from './history';
import { RolloutAction, RolloutActionFlags, RolloutActionOptions } from './pause';
import { RolloutStatusFlags, RolloutStatusOptions } from './status';
import { RolloutUndoFlags, RolloutUndoOptions } from './undo';

function withResourceFlags(cmd: Command): Command {
  return cmd
    .argument('[args...]')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('-f, --filename <file>', 'Filename, directory, or - identifying the resource (repeatable)', collect)
    .option('-R, --recursive', 'Process the directory used in -f recursively');
}

const ACTIONS: { action: RolloutAction; description: string }[] = [
  { action: 'pause', description: 'Mark the provided resource as paused' },
  { action: 'resume', description: 'Resume a paused resource' },
  { action: 'restart', description: 'Restart a resource' },
];

export function newCmdRollout(ctx: CommandContext): Command {
  const rollout = new Command('rollout').description('Manage the rollout of a resource').usage('SUBCOMMAND');

  rollout.addCommand(
    withResourceFlags(new Command('status').description('Show the status of the rollout').usage('(TYPE NAME | TYPE/NAME) [flags]'))
      .option('-w, --watch', 'Watch the status of the rollout until it\'s done (default true; --watch=false prints the current status once)')
      .option('--no-watch', 'Print the current status once')
      .option('--timeout <duration>', 'The length of time to wait before ending watch, zero means never', '0s')
      .option('--revision <n>', 'Pin to a specific revision for showing its status. Defaults to 0 (last revision).')
      .action(async (args: string[], flags: RolloutStatusFlags, cmd: Command) => {
        const o = new RolloutStatusOptions(ctx.factory(cmd));
        o.complete(args, flags);
        o.validate();
        await o.run();
      }),
  );

  rollout.addCommand(
    withResourceFlags(new Command('history').description('View rollout history').usage('(TYPE NAME | TYPE/NAME) [flags]'))
      .option('--revision <n>', 'See the details, including podTemplate of the revision specified')
      .action(async (args: string[], flags: RolloutHistoryFlags, cmd: Command) => {
        const o = new RolloutHistoryOptions(ctx.factory(cmd));
        o.complete(args, flags);
        o.validate();
        await o.run();
      }),
  );

  rollout.addCommand(
    withResourceFlags(new Command('undo').description('Undo a previous rollout').usage('(TYPE NAME | TYPE/NAME) [flags]'))
      .option('--to-revision <n>', 'The revision to rollback to. Default to 0 (last revision).')
      .action(async (args: string[], flags: RolloutUndoFlags, cmd: Command) => {
        const o = new RolloutUndoOptions(ctx.factory(cmd));
        o.complete(args, flags);
        o.validate();
        await o.run();
      }),
  );

  for (const { action, description } of ACTIONS) {
    rollout.addCommand(
      withResourceFlags(new Command(action).description(description).usage('RESOURCE'))
        .option('-o, --output <format>', 'Output format: json, yaml, name, jsonpath=...')
        .action(async (args: string[], flags: RolloutActionFlags, cmd: Command) => {
          const o = new RolloutActionOptions(ctx.factory(cmd), action);
          o.complete(args, flags);
          o.validate();
          await o.run();
        }),
    );
  }
  return rollout;
}
