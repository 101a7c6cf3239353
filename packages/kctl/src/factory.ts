// What every verb needs from its environment: the streams, the configuration
// (kubeconfig + global flags), the effective namespace, and an ApiClient made
// on first use. Like kubectl's cmdutil.Factory.
import { StatusError } from '@kctl/api';
import { ApiClient } from '@kctl/client';
import { IOStreams } from './io';
import { CliError, ConnectionError } from './errors';
import { KubeConfig, loadConfig, resolveConfig, resolveConfigPath, ResolvedConfig } from './config/kubeconfig';
import { parseDuration } from './util/time';

export interface GlobalFlags {
  kubeconfig?: string;
  server?: string;
  context?: string;
  namespace?: string;
  requestTimeout?: string;
}

/** Unary calls give up after this long unless --request-timeout says otherwise. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** How long the first contact with the server may take before kctl gives up. */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Wraps a client so that its first request waits for a cheap Version call with
 * a short deadline. A refused connection fails at once either way; this makes
 * a server that never answers (a dead host, a wrong port that swallows
 * packets) fail within CONNECT_TIMEOUT_MS instead of the request timeout.
 * Watches are left alone: every watch in kctl follows a list or get.
 */
function probed(client: ApiClient, server: string, connectTimeoutMs: number): ApiClient {
  let ready: Promise<void> | undefined;
  const probe = (): Promise<void> => {
    ready ??= (async () => {
      const quick = new ApiClient({ server, timeoutMs: connectTimeoutMs });
      try {
        await quick.version();
      } catch (err) {
        if (err instanceof StatusError && err.reason === 'Timeout') {
          throw new ConnectionError(`Unable to connect to the server: dial tcp ${server}: i/o timeout`);
        }
        if (err instanceof StatusError && err.reason === 'ServiceUnavailable') throw err;
        // Any other answer means the server is there.
      } finally {
        quick.close();
      }
    })();
    return ready;
  };
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'close' || prop === 'watch' || prop === 'constructor') return value;
      return async (...args: unknown[]): Promise<unknown> => {
        await probe();
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
      };
    },
  });
}

export class Factory {
  private clientInstance?: ApiClient;
  private resolvedConfig?: ResolvedConfig;

  constructor(
    readonly io: IOStreams,
    readonly flags: GlobalFlags,
  ) {}

  get cwd(): string {
    return this.io.cwd ?? process.cwd();
  }

  now(): number {
    return (this.io.now ?? Date.now)();
  }

  configPath(): string {
    return resolveConfigPath(this.flags.kubeconfig, this.io.env, this.cwd);
  }

  loadConfig(): KubeConfig {
    try {
      return loadConfig(this.configPath());
    } catch (err) {
      throw new CliError((err as Error).message);
    }
  }

  resolved(): ResolvedConfig {
    if (!this.resolvedConfig) {
      try {
        this.resolvedConfig = resolveConfig(this.loadConfig(), {
          context: this.flags.context,
          server: this.flags.server,
          namespace: this.flags.namespace,
        });
      } catch (err) {
        throw new CliError((err as Error).message);
      }
    }
    return this.resolvedConfig;
  }

  /** -n, else the context's namespace, else "default". */
  namespace(): string {
    return this.resolved().namespace;
  }

  /** True when -n/--namespace was given on the command line. */
  namespaceExplicit(): boolean {
    return Boolean(this.flags.namespace);
  }

  requestTimeoutMs(): number {
    const text = this.flags.requestTimeout;
    if (text === undefined || text === '') return DEFAULT_REQUEST_TIMEOUT_MS;
    let ms: number;
    try {
      ms = parseDuration(text);
    } catch {
      throw new CliError(`invalid argument "${text}" for "--request-timeout" flag: time: invalid duration "${text}"`);
    }
    if (ms < 0) throw new CliError('Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)');
    return ms === 0 ? Infinity : ms;
  }

  client(): ApiClient {
    if (!this.clientInstance) {
      const server = this.resolved().server;
      const timeoutMs = this.requestTimeoutMs();
      this.clientInstance = probed(new ApiClient({ server, timeoutMs }), server, Math.min(CONNECT_TIMEOUT_MS, timeoutMs));
    }
    return this.clientInstance;
  }

  close(): void {
    this.clientInstance?.close();
    this.clientInstance = undefined;
  }
}
