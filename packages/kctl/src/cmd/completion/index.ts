import { Command } from 'commander';
import { CliError } from '../../errors';
import { CommandContext } from '../context';
import { BASH_COMPLETION, ZSH_COMPLETION } from './scripts';

export function newCmdCompletion(ctx: CommandContext): Command {
  return new Command('completion')
    .description('Output shell completion code for the specified shell (bash or zsh)')
    .argument('<shell>', 'bash or zsh')
    .action((shell: string) => {
      if (shell === 'bash') ctx.io.stdout.write(BASH_COMPLETION);
      else if (shell === 'zsh') ctx.io.stdout.write(ZSH_COMPLETION);
      else throw new CliError(`Unsupported shell type "${shell}".`);
    });
}
