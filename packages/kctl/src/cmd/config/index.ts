import { Command } from 'commander';
import { CommandContext } from '../context';
import {
  currentContext,
  deleteCluster,
  deleteContext,
  getClusters,
  getContexts,
  setCluster,
  setContext,
  setCredentials,
  useContext,
  viewConfig,
} from './config';

export function newCmdConfig(ctx: CommandContext): Command {
  const config = new Command('config').description(
    'Modify the config file (--kubeconfig, else $KUBECONFIG, else ~/.kctl/config; a real kubectl config is never touched by default)',
  );
  config
    .command('view')
    .description('Display the merged config settings')
    .option('--minify', 'Remove all information not used by current-context')
    .option('--raw', 'Display raw byte data and sensitive data')
    .option('-o, --output <format>', 'yaml or json', 'yaml')
    .action((flags: { minify?: boolean; raw?: boolean; output?: string }, cmd: Command) => viewConfig(ctx.factory(cmd), flags));
  config
    .command('use-context')
    .alias('use')
    .description('Set the current-context in the config file')
    .argument('<name>')
    .action((name: string, _flags: unknown, cmd: Command) => useContext(ctx.factory(cmd), name));
  config
    .command('current-context')
    .description('Display the current-context')
    .action((_flags: unknown, cmd: Command) => currentContext(ctx.factory(cmd)));
  config
    .command('set-context')
    .description('Set a context entry in the config file')
    .argument('[name]')
    .option('--current', 'Modify the current context')
    .option('--cluster <cluster>', 'cluster for the context entry')
    .option('--user <user>', 'user for the context entry')
    .action((name: string | undefined, flags: { current?: boolean; cluster?: string; user?: string }, cmd: Command) => {
      // --namespace is the global flag's name too; here it sets the context's namespace.
      const namespace = cmd.optsWithGlobals<{ namespace?: string }>().namespace;
      setContext(ctx.factory(cmd), name, { ...flags, namespace });
    });
  config
    .command('set-cluster')
    .description('Set a cluster entry in the config file')
    .argument('<name>')
    .action((name: string, _flags: unknown, cmd: Command) => {
      // --server is the global flag; here it sets the cluster's server.
      const server = cmd.optsWithGlobals<{ server?: string }>().server;
      setCluster(ctx.factory(cmd), name, { server });
    });
  config
    .command('set-credentials')
    .description('Set a user entry in the config file')
    .argument('<name>')
    .option('--token <token>', 'bearer token for the user entry')
    .option('--username <username>', 'username for the user entry')
    .option('--password <password>', 'password for the user entry')
    .action((name: string, flags: { token?: string; username?: string; password?: string }, cmd: Command) => setCredentials(ctx.factory(cmd), name, flags));
  config
    .command('get-contexts')
    .description('Describe one or many contexts')
    .argument('[names...]')
    .option('-o, --output <format>', "Output format: '' or name")
    .option('--no-headers', "Don't print headers")
    .action((names: string[], flags: { output?: string; headers?: boolean }, cmd: Command) =>
      getContexts(ctx.factory(cmd), names, { output: flags.output, noHeaders: flags.headers === false }),
    );
  config
    .command('get-clusters')
    .description('Display clusters defined in the config file')
    .action((_flags: unknown, cmd: Command) => getClusters(ctx.factory(cmd)));
  config
    .command('delete-context')
    .description('Delete the specified context from the config file')
    .argument('<name>')
    .action((name: string, _flags: unknown, cmd: Command) => deleteContext(ctx.factory(cmd), name));
  config
    .command('delete-cluster')
    .description('Delete the specified cluster from the config file')
    .argument('<name>')
    .action((name: string, _flags: unknown, cmd: Command) => deleteCluster(ctx.factory(cmd), name));
  return config;
}
