import { Command } from 'commander';
import { CommandContext } from '../context';
import { CordonOptions, NodeSelectionFlags } from './cordon';
import { DrainFlags, DrainOptions } from './drain';

function cordonCommand(ctx: CommandContext, desired: boolean): Command {
  const name = desired ? 'cordon' : 'uncordon';
  return new Command(name)
    .description(desired ? 'Mark node as unschedulable' : 'Mark node as schedulable')
    .usage('NODE')
    .argument('[nodes...]')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--dry-run <strategy>', 'none or client', 'none')
    .action(async (nodes: string[], flags: NodeSelectionFlags, cmd: Command) => {
      const o = new CordonOptions(ctx.factory(cmd), desired);
      o.complete(nodes, flags);
      o.validate();
      await o.run();
    });
}

export function newCmdCordon(ctx: CommandContext): Command {
  return cordonCommand(ctx, true);
}

export function newCmdUncordon(ctx: CommandContext): Command {
  return cordonCommand(ctx, false);
}

export function newCmdDrain(ctx: CommandContext): Command {
  return new Command('drain')
    .description('Drain node in preparation for maintenance')
    .usage('NODE')
    .argument('[nodes...]')
    .option('--force', 'Continue even if there are pods that do not declare a controller')
    .option('--ignore-daemonsets', 'Ignore DaemonSet-managed pods')
    .option('--delete-emptydir-data', 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained)')
    .option('--delete-local-data', 'Deprecated: use --delete-emptydir-data')
    .option('--disable-eviction', 'Delete pods instead of evicting them (kctl has no PodDisruptionBudgets, so only the messages differ)')
    .option('--grace-period <seconds>', 'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.', '-1')
    .option('--timeout <duration>', 'The length of time to wait before giving up, zero means infinite', '0s')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--pod-selector <selector>', 'Label selector to filter pods on the node')
    .option('--dry-run <strategy>', 'none or client', 'none')
    .action(async (nodes: string[], flags: DrainFlags, cmd: Command) => {
      const o = new DrainOptions(ctx.factory(cmd));
      o.complete(nodes, flags);
      o.validate();
      await o.run();
    });
}
