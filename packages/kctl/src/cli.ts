// run(argv, io): the whole CLI as a function returning the exit code, so tests
// can drive it in-process with captured streams.
import { Command } from 'commander';
import { CommandContext } from './cmd/context';
import { runComplete } from './cmd/completion/complete';
import { exitCodeOf, formatError } from './errors';
import { Factory, GlobalFlags } from './factory';
import { IOStreams } from './io';
import { normalizeArgv } from './argv';
import { buildProgram, CommanderFailure } from './program';

class CommanderExit extends Error {
  constructor(readonly failure: CommanderFailure) {
    super(failure.message);
  }
}

/** kubectl's wording for commander's parse errors. */
function commanderMessage(f: CommanderFailure): string {
  const help = `See '${f.commandPath} --help' for usage.`;
  let m: RegExpExecArray | null;
  switch (f.code) {
    case 'commander.unknownOption':
      m = /unknown option '([^']*)'/.exec(f.message);
      return `error: unknown flag: ${m?.[1] ?? f.message}\n${help}`;
    case 'commander.unknownCommand':
      m = /unknown command '([^']*)'/.exec(f.message);
      return `error: unknown command "${m?.[1] ?? ''}" for "${f.commandPath}"\nRun '${f.commandPath} --help' for usage.`;
    case 'commander.optionMissingArgument':
      m = /option '(?:-\w, )?(--?[\w-]+)/.exec(f.message);
      return `error: flag needs an argument: ${m?.[1] ?? f.message}\n${help}`;
    default:
      return `${f.message.startsWith('error:') ? f.message : `error: ${f.message}`}\n${help}`;
  }
}

function globalsOf(cmd: Command): GlobalFlags {
  const o = cmd.optsWithGlobals<GlobalFlags>();
  return { kubeconfig: o.kubeconfig, server: o.server, context: o.context, namespace: o.namespace, requestTimeout: o.requestTimeout };
}

export async function run(argv: string[], io: IOStreams): Promise<number> {
  const factories: Factory[] = [];
  const ctx: CommandContext = {
    io,
    factory: (cmd: Command) => {
      const f = new Factory(io, globalsOf(cmd));
      factories.push(f);
      return f;
    },
  };
  try {
    if (argv[0] === '__complete') {
      await runComplete(ctx, argv.slice(1));
      return 0;
    }
    const program = buildProgram(ctx, (failure) => {
      throw new CommanderExit(failure);
    });
    if (argv.length === 0) {
      io.stdout.write(program.helpInformation());
      return 0;
    }
    const normalized = normalizeArgv(argv);
    ctx.argv = normalized;
    await program.parseAsync(normalized, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderExit) {
      const f = err.failure;
      if (f.code === 'commander.helpDisplayed' || f.code === 'commander.help' || f.code === 'commander.version') return 0;
      io.stderr.write(`${commanderMessage(f)}\n`);
      return f.exitCode || 1;
    }
    const text = formatError(err);
    if (text && !(err instanceof Error && err.name === 'ExitError')) io.stderr.write(`${text}\n`);
    return exitCodeOf(err);
  } finally {
    for (const f of factories) f.close();
  }
}
