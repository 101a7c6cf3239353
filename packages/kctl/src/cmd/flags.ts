// Typed flag values with pflag's error wording.
import { CliError } from '../errors';
import { parseDuration } from '../util/time';

/** An integer flag: `invalid argument "x" for "--replicas" flag: strconv.ParseInt: parsing "x": invalid syntax`. */
export function parseIntFlag(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const text = value.trim();
  if (!/^[+-]?\d+$/.test(text)) throw new CliError(`invalid argument "${value}" for "${flag}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`);
  return Number(text);
}

/** A Go duration flag ("30s", "2m"); a bare number is seconds. Returns milliseconds. */
export function parseDurationFlag(value: string | undefined, flag: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  try {
    return parseDuration(value);
  } catch {
    throw new CliError(`invalid argument "${value}" for "${flag}" flag: time: invalid duration "${value}"`);
  }
}

/** The operands after a literal `--` on the command line, if there was one. */
export function argsAfterDash(argv: string[] | undefined): string[] | undefined {
  const i = argv?.indexOf('--') ?? -1;
  return i >= 0 ? argv!.slice(i + 1) : undefined;
}
