// How a fake container behaves, read from its command line: the few shell
// words test manifests use, so a pod spec alone says whether its container
// runs, exits at once, or exits later (on the injected clock).

export type FakeBehaviour =
  /** Runs until stopped. */
  | { kind: 'run' }
  /** Exits with code after ms (0 = as soon as it starts). */
  | { kind: 'exit'; afterMs: number; code: number };

const RUN: FakeBehaviour = { kind: 'run' };

/**
 * Reads argv (command then args). Understood: `true`, `false`, `exit N`, `echo …`,
 * `sleep N` (seconds; then exit 0), and `sh -c "<script>"` whose script is
 * such words joined by `;` or `&&` (a sleep followed by an exit adds up).
 * Anything else runs until stopped, as a server would.
 */
export function behaviourOf(argv: readonly string[]): FakeBehaviour {
  if (argv.length === 0) return RUN;
  let afterMs = 0;
  for (const step of stepsOf(argv)) {
    const words = step.split(/\s+/);
    const [verb, arg] = [words[0], words[1]];
    if (verb === 'echo' || verb === ':') continue;
    if (verb === 'true') return { kind: 'exit', afterMs, code: 0 };
    if (verb === 'false') return { kind: 'exit', afterMs, code: 1 };
    if (verb === 'exit') return { kind: 'exit', afterMs, code: Number(arg ?? 0) || 0 };
    if (verb === 'sleep' && arg !== undefined && /^\d+(\.\d+)?$/.test(arg)) {
      afterMs += Number(arg) * 1000;
      continue;
    }
    return RUN;
  }
  return afterMs > 0 ? { kind: 'exit', afterMs, code: 0 } : RUN;
}

/** The script's steps: `sh -c "<script>"` split at `;` and `&&`, or argv as one step. */
function stepsOf(argv: readonly string[]): string[] {
  const script = (argv[0] === 'sh' || argv[0] === '/bin/sh') && argv[1] === '-c' ? (argv[2] ?? '') : argv.join(' ');
  return script.split(/;|&&/).map((s) => s.trim()).filter(Boolean);
}

/** What the command's `echo` steps print, a line each (before it exits). */
export function echoOutput(argv: readonly string[]): string {
  let out = '';
  for (const step of stepsOf(argv)) {
    const words = step.split(/\s+/);
    if (words[0] === 'echo') out += `${words.slice(1).join(' ')}\n`;
    else if (words[0] !== ':' && words[0] !== 'sleep') break;
  }
  return out;
}
