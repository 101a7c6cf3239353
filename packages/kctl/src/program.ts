// The commander program: global flags (kubectl's names) and one subcommand per verb.
import { Command, Option } from 'commander';
import { CommandContext } from './cmd/context';
import { newCmdGet } from './cmd/get';
import { newCmdDescribe } from './cmd/describe';
import { newCmdDelete } from './cmd/delete';
import { newCmdApply } from './cmd/apply';
import { newCmdCreate } from './cmd/create';
import { newCmdConfig } from './cmd/config';
import { newCmdApiResources } from './cmd/api-resources';
import { newCmdVersion } from './cmd/version';
import { newCmdCompletion } from './cmd/completion';
import { newCmdScale } from './cmd/scale';
import { newCmdSet } from './cmd/set';
import { newCmdRollout } from './cmd/rollout';
import { newCmdAnnotate, newCmdLabel } from './cmd/label';
import { newCmdCordon, newCmdDrain, newCmdUncordon } from './cmd/node';
import { newCmdTaint } from './cmd/taint';

export interface CommanderFailure {
  code: string;
  exitCode: number;
  message: string;
  commandPath: string;
}

export function buildProgram(ctx: CommandContext, onFailure: (failure: CommanderFailure) => never): Command {
  const program = new Command('kctl')
    .description('kctl controls the kctl cluster manager, the way kubectl controls Kubernetes.')
    .option('--kubeconfig <path>', 'Path to the config file (default $KUBECONFIG, else ~/.kctl/config)')
    .option('-s, --server <address>', 'The address and port of the apiserver (host:port)')
    .option('--context <name>', 'The name of the config context to use')
    .option('-n, --namespace <namespace>', 'If present, the namespace scope for this CLI request')
    .addOption(new Option('--request-timeout <duration>', 'How long to wait for a single server request (e.g. 1s, 2m; 0 = no limit)').default(undefined, '30s'))
    .usage('[flags] [command]');

  for (const cmd of [
    newCmdCreate(ctx),
    newCmdGet(ctx),
    newCmdDescribe(ctx),
    newCmdDelete(ctx),
    newCmdApply(ctx),
    newCmdRollout(ctx),
    newCmdScale(ctx),
    newCmdSet(ctx),
    newCmdLabel(ctx),
    newCmdAnnotate(ctx),
    newCmdCordon(ctx),
    newCmdUncordon(ctx),
    newCmdDrain(ctx),
    newCmdTaint(ctx),
    newCmdApiResources(ctx),
    newCmdConfig(ctx),
    newCmdCompletion(ctx),
    newCmdVersion(ctx),
  ]) {
    program.addCommand(cmd);
  }

  const configure = (cmd: Command): void => {
    cmd.configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: () => undefined,
    });
    cmd.exitOverride((err) => {
      const names: string[] = [];
      for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
      return onFailure({ code: err.code, exitCode: err.exitCode, message: err.message, commandPath: names.join(' ') });
    });
    cmd.showSuggestionAfterError(true);
    for (const sub of cmd.commands) configure(sub);
  };
  configure(program);
  return program;
}
