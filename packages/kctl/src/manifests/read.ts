// Resolves -f arguments (files, directories, -R, "-" for stdin) into manifest
// objects, each labelled with the file it came from, as kubectl's resource
// builder does. Directories contribute their .json/.yaml/.yml files in lexical
// order; subdirectories only with -R.
import * as fs from 'fs';
import * as path from 'path';
import type { Readable } from 'stream';
import { Manifest, parseManifests } from './parse';

export interface SourcedManifest {
  /** The file as the user named it (or "STDIN"). */
  source: string;
  object: Manifest;
}

export interface ReadOptions {
  recursive?: boolean;
  stdin?: Readable | NodeJS.ReadableStream;
  cwd?: string;
}

const EXTENSIONS = new Set(['.json', '.yaml', '.yml']);

export class PathError extends Error {}

function listDir(dir: string, display: string, recursive: boolean): { file: string; display: string }[] {
  const out: { file: string; display: string }[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const file = path.join(dir, entry.name);
    const shown = path.join(display, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...listDir(file, shown, recursive));
    } else if (EXTENSIONS.has(path.extname(entry.name).toLowerCase())) {
      out.push({ file, display: shown });
    }
  }
  return out;
}

export async function readStream(stream: Readable | NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The files behind -f arguments, in order. Throws PathError for a missing path. */
export function expandPaths(filenames: string[], options: ReadOptions = {}): { file: string; display: string }[] {
  const cwd = options.cwd ?? process.cwd();
  const out: { file: string; display: string }[] = [];
  for (const name of filenames) {
    if (name === '-') {
      out.push({ file: '-', display: 'STDIN' });
      continue;
    }
    if (/^https?:\/\//.test(name)) throw new PathError(`reading manifests from URLs is not supported: ${name}`);
    const file = path.resolve(cwd, name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      throw new PathError(`the path "${name}" does not exist`);
    }
    if (stat.isDirectory()) out.push(...listDir(file, name, options.recursive ?? false));
    else out.push({ file, display: name });
  }
  return out;
}

/**
 * Reads and parses every manifest. Parse errors throw (nothing is returned), so a
 * caller never acts on part of a broken input.
 */
export async function readManifests(filenames: string[], options: ReadOptions = {}): Promise<SourcedManifest[]> {
  const out: SourcedManifest[] = [];
  for (const { file, display } of expandPaths(filenames, options)) {
    let text: string;
    if (file === '-') {
      if (!options.stdin) throw new PathError('no standard input to read from');
      text = await readStream(options.stdin);
    } else {
      text = fs.readFileSync(file, 'utf8');
    }
    for (const object of parseManifests(text, display)) out.push({ source: display, object });
  }
  return out;
}
