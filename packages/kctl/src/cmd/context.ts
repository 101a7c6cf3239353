// What a verb's commander wiring gets: the streams, and a way to make the
// Factory for the flags commander parsed.
import type { Command } from 'commander';
import { Factory } from '../factory';
import { IOStreams } from '../io';

export interface CommandContext {
  io: IOStreams;
  /** A Factory from the global flags as parsed for cmd; closed when the run ends. */
  factory(cmd: Command): Factory;
  /** The command line as given (after flag normalization), for verbs that care where `--` was. */
  argv?: string[];
}

/**
 * Every verb's options object follows kubectl's pattern: complete fills in what
 * flags and configuration imply, validate rejects bad combinations, run acts.
 */
export interface VerbOptions {
  validate(): void;
  run(): Promise<void>;
}

/** Repeatable option values: -f a -f b, -L a,b -L c. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function collectCsv(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').filter(Boolean)];
}

/** The full command path for help hints: "kctl config use-context". */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
