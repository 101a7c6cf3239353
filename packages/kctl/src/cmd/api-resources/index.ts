import { Command } from 'commander';
import { CommandContext } from '../context';
import { ApiResourcesFlags, ApiResourcesOptions } from './api-resources';

export function newCmdApiResources(ctx: CommandContext): Command {
  return new Command('api-resources')
    .description('Print the supported API resources on the server')
    .option('-o, --output <format>', 'Output format: wide or name')
    .option('--namespaced <bool>', 'If false, non-namespaced resources will be returned, otherwise namespaced ones')
    .option('--api-group <group>', 'Limit to resources in the specified API group ("" for core)')
    .option('--no-headers', "When using the default or custom-column output format, don't print headers")
    .option('--sort-by <field>', 'name or kind')
    .action(async (flags: ApiResourcesFlags & { headers?: boolean }, cmd: Command) => {
      const o = new ApiResourcesOptions(ctx.factory(cmd), { ...flags, noHeaders: flags.headers === false });
      o.validate();
      await o.run();
    });
}
