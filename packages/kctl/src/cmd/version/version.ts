// kctl version: the client's version and, unless --client, the server's.
import * as fs from 'fs';
import * as path from 'path';
import type { VersionInfo } from '@kctl/client';
import { CliError } from '../../errors';
import { Factory } from '../../factory';
import { toYaml } from '../../util/yaml';
import { VerbOptions } from '../context';

export function clientVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { version?: string };
    return `v${pkg.version ?? '0.0.0'}`;
  } catch {
    return 'v0.0.0';
  }
}

export class VersionOptions implements VerbOptions {
  constructor(
    private readonly f: Factory,
    private readonly flags: { client?: boolean; output?: string },
  ) {}

  validate(): void {
    if (this.flags.output && this.flags.output !== 'json' && this.flags.output !== 'yaml') throw new CliError(`--output must be 'yaml' or 'json'`);
  }

  async run(): Promise<void> {
    const client = { gitVersion: clientVersion(), platform: `${process.platform}/${process.arch}`, nodeVersion: process.version };
    let server: VersionInfo | undefined;
    let failure: unknown;
    if (!this.flags.client) {
      try {
        server = await this.f.client().version();
      } catch (err) {
        failure = err;
      }
    }
    const out = this.f.io.stdout;
    if (this.flags.output) {
      const doc: Record<string, unknown> = { clientVersion: client };
      if (server) doc.serverVersion = server;
      out.write(this.flags.output === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : toYaml(doc));
    } else {
      out.write(`Client Version: ${client.gitVersion}\n`);
      if (server) out.write(`Server Version: ${server.gitVersion}\n`);
    }
    if (failure) throw failure;
  }
}
