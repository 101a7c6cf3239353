import { Command } from 'commander';
import { collect, collectCsv, CommandContext } from '../context';
import { GetFlags, GetOptions } from './get';

export function newCmdGet(ctx: CommandContext): Command {
  return new Command('get')
    .description('Display one or many resources')
    .usage('[flags] [TYPE[.VERSION][.GROUP] [NAME...] | TYPE/NAME...]')
    .argument('[type]')
    .argument('[names...]')
    .option('-o, --output <format>', 'Output format: json, yaml, name, wide, jsonpath=TEMPLATE')
    .option('-l, --selector <selector>', 'Label selector to filter on, e.g. -l app=web,tier!=db')
    .option('--field-selector <selector>', 'Field selector to filter on, e.g. --field-selector status.phase=Running')
    .option('-A, --all-namespaces', 'List the requested object(s) across all namespaces')
    .option('-w, --watch', 'After listing/getting the requested object, watch for changes')
    .option('--watch-only', 'Watch for changes to the requested object(s), without listing/getting first')
    .option('--output-watch-events', 'Output watch event objects when --watch or --watch-only is used')
    .option('--show-labels', 'When printing, show all labels as the last column')
    .option('--show-kind', 'If present, list the resource type for the requested object(s)')
    .option('--no-headers', "When using the default or custom-column output format, don't print headers")
    .option('-L, --label-columns <keys>', 'Labels to show as columns (comma separated, repeatable)', collectCsv)
    .option('--ignore-not-found', 'If the requested object does not exist the command will return exit code 0')
    .option('-f, --filename <file>', 'Files identifying the resources to get (repeatable)', collect)
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .action(async (first: string | undefined, rest: string[], flags: GetFlags & { headers?: boolean }, cmd: Command) => {
      const o = new GetOptions(ctx.factory(cmd));
      await o.complete(first === undefined ? [] : [first, ...rest], { ...flags, noHeaders: flags.headers === false });
      o.validate();
      await o.run();
    });
}
