import { Command } from 'commander';
import { collect, CommandContext } from '../context';
import { LabelFlags, LabelOptions, MetadataField } from './label';

function metadataCommand(ctx: CommandContext, name: string, field: MetadataField, description: string, usage: string): Command {
  const noun = field === 'labels' ? 'label' : 'annotation';
  return new Command(name)
    .description(description)
    .usage(usage)
    .argument('[args...]')
    .option('--overwrite', `If true, allow ${field} to be overwritten, otherwise reject ${noun} updates that overwrite existing ${field}`)
    .option('--list', `If true, display the ${field} for a given resource`)
    .option('--all', 'Select all resources, in the namespace of the specified resource types')
    .option('-A, --all-namespaces', 'If true, check the specified action in all namespaces')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--field-selector <selector>', 'Selector (field query) to filter on')
    .option('-f, --filename <file>', `Filename, directory, or - identifying the resource to update the ${field} (repeatable)`, collect)
    .option('-R, --recursive', 'Process the directory used in -f recursively')
    .option('--resource-version <version>', `If non-empty, the ${noun} update will only succeed if this is the current resource-version for the object. Only valid when specifying a single resource.`)
    .option('--dry-run <strategy>', 'none or client', 'none')
    .option('-o, --output <format>', 'Output format: json, yaml, name, jsonpath=...')
    .action(async (args: string[], flags: LabelFlags, cmd: Command) => {
      const o = new LabelOptions(ctx.factory(cmd), field);
      o.complete(args, flags);
      o.validate();
      await o.run();
    });
}

export function newCmdLabel(ctx: CommandContext): Command {
  return metadataCommand(ctx, 'label', 'labels', 'Update the labels on a resource', '[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]');
}

export function newCmdAnnotate(ctx: CommandContext): Command {
  return metadataCommand(ctx, 'annotate', 'annotations', 'Update the annotations on a resource', '[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]');
}
