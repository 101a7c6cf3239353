import { Command } from 'commander';
import { CommandContext } from '../context';
import { VersionOptions } from './version';

export function newCmdVersion(ctx: CommandContext): Command {
  return new Command('version')
    .description('Print the client and server version information')
    .option('--client', 'If true, shows client version only (no server required)')
    .option('-o, --output <format>', "One of 'yaml' or 'json'")
    .action(async (flags: { client?: boolean; output?: string }, cmd: Command) => {
      const o = new VersionOptions(ctx.factory(cmd), flags);
      o.validate();
      await o.run();
    });
}
