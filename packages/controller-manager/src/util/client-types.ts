// The narrow views of the client library the controllers depend on, so unit
// tests can hand them in-memory fakes: the ApiClient methods they call, the
// read side of an informer, and an event sink.
import type { KObject } from '@kctl/api';
import type { ApiClient, EventHandler, EventType, IndexFunc } from '@kctl/client';

/** The ApiClient calls controllers make; ApiClient itself satisfies it. */
export type ControllerClient = Pick<ApiClient, 'get' | 'create' | 'update' | 'updateStatus' | 'patch' | 'delete'>;

/** Read-only access to an informer's cache. Objects returned must not be modified. */
export interface Lister<T extends KObject = KObject> {
  get(key: string): T | undefined;
  list(): T[];
  byIndex(name: string, value: string): T[];
}

export interface SharedInformer<T extends KObject = KObject> extends Lister<T> {
  addEventHandler(handler: EventHandler<T>): void;
  addIndexer(name: string, fn: IndexFunc<T>): void;
  hasSynced(): boolean;
}

/** One shared informer per resource (InformerFactory satisfies it). */
export interface InformerSource {
  informer<T extends KObject = KObject>(resource: string): SharedInformer<T>;
}

/** Where controllers record Events (EventRecorder satisfies it). */
export interface Recorder {
  event(obj: KObject, type: EventType, reason: string, message: string): void;
}

export interface Logger {
  info(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = { info: () => undefined, error: () => undefined };

/** Logs to stderr with a component prefix; info only when verbose. */
export function consoleLogger(component: string, verbose = false): Logger {
  const line = (level: string, message: string): string => `${new Date().toISOString()} ${level} ${component}: ${message}\n`;
  return {
    info: (message) => {
      if (verbose) process.stderr.write(line('I', message));
    },
    error: (message) => process.stderr.write(line('E', message)),
  };
}
