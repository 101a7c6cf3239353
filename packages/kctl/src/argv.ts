// kubectl's flags follow pflag conventions that commander does not share. This
// rewrites argv so both spellings work:
//   --wait=false → --no-wait       --show-labels=true → --show-labels
//   --dry-run    → --dry-run=client (a bare flag takes no value, as in kubectl)
//   --cascade    → --cascade=background
//   -n=foo       → -n foo
//   -A=false     → (dropped)
//   --validate[=...] → (dropped: the apiserver validates every object)

/** Boolean flags that default to true; `--x=false` becomes `--no-x`. */
const TRUE_BY_DEFAULT = new Set(['wait', 'show-events']);

/** Flags true by default only for some verbs (`rollout status --watch=false`). */
const TRUE_BY_DEFAULT_FOR: Record<string, string[]> = { 'rollout status': ['watch'] };

/** Global flags that take a value in the next word. */
const GLOBAL_VALUE_FLAGS = new Set(['-s', '--server', '--kubeconfig', '--context', '-n', '--namespace', '--request-timeout']);

/** The first two words that are neither flags nor global flags' values: "rollout status". */
export function verbPath(argv: string[]): string {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (GLOBAL_VALUE_FLAGS.has(a)) i++;
      continue;
    }
    words.push(a);
  }
  return words.join(' ');
}

/** Flags taking an optional value: a bare flag gets this value. */
const OPTIONAL_VALUE: Record<string, string> = { 'dry-run': 'client', cascade: 'background' };

/** Boolean flags; `--x=false` is dropped, `--x=true` becomes `--x`. */
const BOOLEANS = new Set([
  'all-namespaces',
  'watch',
  'watch-only',
  'show-labels',
  'show-kind',
  'no-headers',
  'recursive',
  'ignore-not-found',
  'all',
  'output-watch-events',
  'save-config',
  'client',
  'force',
  'now',
  'minify',
  'raw',
  'current',
  'help',
  'overwrite',
  'ignore-daemonsets',
  'delete-emptydir-data',
  'delete-local-data',
  'disable-eviction',
]);

const SHORT_BOOLEANS = new Set(['A', 'w', 'R', 'h']);

export function normalizeArgv(argv: string[]): string[] {
  const out: string[] = [];
  const trueByDefault = new Set([...TRUE_BY_DEFAULT, ...(TRUE_BY_DEFAULT_FOR[verbPath(argv)] ?? [])]);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const long = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (long) {
      const name = long[1]!;
      const value = long[2];
      if (name === 'validate') continue; // accepted and ignored: the server validates
      if (name in OPTIONAL_VALUE && value === undefined) {
        out.push(`--${name}=${OPTIONAL_VALUE[name]}`);
        continue;
      }
      if ((BOOLEANS.has(name) || trueByDefault.has(name)) && value !== undefined) {
        const v = value.toLowerCase();
        if (v === 'false' || v === '0' || v === 'f') {
          if (trueByDefault.has(name)) out.push(`--no-${name}`);
          continue;
        }
        if (v === 'true' || v === '1' || v === 't') {
          out.push(`--${name}`);
          continue;
        }
      }
      out.push(arg);
      continue;
    }
    const short = /^-([a-zA-Z])=(.*)$/s.exec(arg);
    if (short) {
      const flag = short[1]!;
      const value = short[2]!;
      if (SHORT_BOOLEANS.has(flag)) {
        const off = ['false', '0', 'f'].includes(value.toLowerCase());
        if (!off) out.push(`-${flag}`);
        else if (flag === 'w' && trueByDefault.has('watch')) out.push('--no-watch');
      } else {
        out.push(`-${flag}`, value);
      }
      continue;
    }
    out.push(arg);
  }
  return out;
}
