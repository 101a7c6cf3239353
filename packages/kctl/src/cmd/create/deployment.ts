// kctl create deployment NAME --image=IMG [--image=IMG2] [--replicas=N] [--port=N] [-- COMMAND ARGS...]:
// the object kubectl's generator builds (labels app=NAME, a matching selector,
// one container per image named after the image's base name).
import { randomInt } from 'crypto';
import { KObject } from '@kctl/api';
import { CliError, UsageError } from '../../errors';
import { Factory } from '../../factory';
import { parseOperationOutput } from '../operation-printer';
import { parseIntFlag } from '../flags';
import { VerbOptions } from '../context';
import { parseDryRun } from '../apply/apply';
import { createAndPrint } from './create';

export interface CreateDeploymentFlags {
  image?: string[];
  replicas?: string;
  port?: string;
  dryRun?: string;
  output?: string;
}

/** utilrand's alphabet: no vowels, no look-alike digits. */
const RAND_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function randomSuffix(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += RAND_ALPHABET[randomInt(RAND_ALPHABET.length)];
  return s;
}

/**
 * The container name kubectl derives from an image: the last path segment
 * without tag or digest; "_" and "." become "-" and then a random suffix keeps
 * it unique ("my_app" → "my-app-x7k2p").
 */
export function containerNameForImage(image: string, suffix: () => string = () => randomSuffix(5)): string {
  let name = image.split('/').pop() ?? image;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  if (/[_.]/.test(name)) name = `${name.replace(/[_.]/g, '-')}-${suffix()}`;
  return name;
}

export interface DeploymentSpecInput {
  name: string;
  images: string[];
  replicas: number;
  /** -1: none. */
  port: number;
  command: string[];
  /** Set only when -n was given, as kubectl does. */
  namespace?: string;
}

export function generateDeployment(input: DeploymentSpecInput, suffix?: () => string): KObject {
  const labels = { app: input.name };
  const containers: Record<string, unknown>[] = input.images.map((image) => {
    const c: Record<string, unknown> = { name: containerNameForImage(image, suffix), image };
    if (input.command.length) c.command = [...input.command];
    return c;
  });
  if (input.port >= 0 && containers[0]) containers[0].ports = [{ containerPort: input.port }];
  const metadata: KObject['metadata'] = { name: input.name, labels: { ...labels } };
  if (input.namespace) metadata.namespace = input.namespace;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata,
    spec: {
      replicas: input.replicas,
      selector: { matchLabels: { ...labels } },
      template: { metadata: { labels: { ...labels } }, spec: { containers } },
    },
  };
}

export class CreateDeploymentOptions implements VerbOptions {
  input: DeploymentSpecInput = { name: '', images: [], replicas: 1, port: -1, command: [] };
  flags: CreateDeploymentFlags = {};
  private names: string[] = [];

  constructor(private readonly f: Factory) {}

  /** operands: everything commander passed; command: what followed `--` (undefined without one). */
  complete(operands: string[], command: string[] | undefined, flags: CreateDeploymentFlags): void {
    this.flags = flags;
    const cmd = command ?? [];
    this.names = operands.slice(0, operands.length - cmd.length);
    this.input = {
      name: this.names[0] ?? '',
      images: flags.image ?? [],
      replicas: parseIntFlag(flags.replicas, '--replicas', 1),
      port: parseIntFlag(flags.port, '--port', -1),
      command: cmd,
      namespace: this.f.namespaceExplicit() ? this.f.namespace() : undefined,
    };
  }

  validate(): void {
    if (this.names.length !== 1) throw new UsageError(`exactly one NAME is required, got ${this.names.length}`, 'kctl create deployment');
    if (this.input.images.length === 0) throw new CliError('required flag(s) "image" not set');
    if (this.input.images.length > 1 && this.input.command.length > 0) throw new CliError('cannot specify multiple --image options and command');
    parseDryRun(this.flags.dryRun);
    parseOperationOutput(this.flags.output);
  }

  async run(): Promise<void> {
    const body = generateDeployment(this.input);
    await createAndPrint(this.f, 'deployments', body, { namespace: this.f.namespace(), dryRun: this.flags.dryRun, output: this.flags.output });
  }
}
