import { Command } from 'commander';
import { collect, CommandContext } from '../context';
import { createAndPrint, CreateFlags, CreateOptions } from './create';
import { CreateDeploymentFlags, CreateDeploymentOptions } from './deployment';
import { argsAfterDash } from '../flags';

export function newCmdCreate(ctx: CommandContext): Command {
  const create = new Command('create')
    .description('Create a resource from a file or from stdin')
    .option('-f, --filename <file>', 'File, directory or - (stdin) with the objects to create (repeatable)', collect)
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .option('--dry-run <strategy>', 'none, client or server', 'none')
    .option('--save-config', 'Record the configuration in the last-applied annotation, for later apply')
    .option('-o, --output <format>', 'Output format: json, yaml, name')
    .action(async (flags: CreateFlags, cmd: Command) => {
      const o = new CreateOptions(ctx.factory(cmd));
      await o.complete(flags);
      o.validate();
      await o.run();
    });
  create
    .command('namespace')
    .alias('ns')
    .description('Create a namespace with the specified name')
    .argument('<name>')
    .action(async (name: string, _flags: unknown, cmd: Command) => {
      // --dry-run and -o are parsed by `create` itself, wherever they appear.
      const flags = cmd.optsWithGlobals<{ dryRun?: string; output?: string }>();
      const f = ctx.factory(cmd);
      await createAndPrint(f, 'namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, { namespace: '', dryRun: flags.dryRun, output: flags.output });
    });
  create
    .command('deployment')
    .alias('deploy')
    .description('Create a deployment with the specified name')
    .usage('NAME --image=image [--replicas=N] [--port=N] [-- COMMAND [args...]]')
    .argument('[name]')
    .argument('[command...]')
    .option('--image <image>', 'Image names to run; repeat for more containers in the pod', collect)
    .option('-r, --replicas <n>', 'Number of replicas to create (default 1)')
    .option('--port <port>', 'The containerPort that this deployment exposes (default -1: none)')
    .action(async (name: string | undefined, rest: string[], flags: CreateDeploymentFlags, cmd: Command) => {
      const all = cmd.optsWithGlobals<CreateDeploymentFlags>();
      const o = new CreateDeploymentOptions(ctx.factory(cmd));
      o.complete(name === undefined ? [] : [name, ...rest], argsAfterDash(ctx.argv), { ...flags, dryRun: all.dryRun, output: all.output });
      o.validate();
      await o.run();
    });
  return create;
}
