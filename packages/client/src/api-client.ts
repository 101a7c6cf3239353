// The typed gRPC client for the apiserver, used by kctl and every component.
import * as grpc from '@grpc/grpc-js';
import { canceled, KObject, ObjectList, StatusError, WatchEvent, WatchEventType } from '@kctl/api';
import { apiService, MAX_MESSAGE_BYTES } from './proto';
import { fromGrpcError } from './grpc-status';

export interface ClientOptions {
  /** host:port of the apiserver, e.g. 127.0.0.1:6443. */
  server: string;
  /** Deadline for unary calls; watches have none. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Per-call limits, accepted by every call. An aborted or timed-out call rejects
 * at once with a typed error (Canceled, Timeout) and its gRPC call is cancelled.
 */
export interface CallOptions {
  /** Deadline for this call; the client's timeoutMs when unset. Watches have none unless given. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ListOptions extends CallOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  /**
   * Omit for the newest state (a consistent read); "0" for any state the server
   * holds (served from its cache, what an informer's first list asks for); or a
   * resourceVersion it returned, read as resourceVersionMatch says.
   */
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
}

export interface WatchOptions extends CallOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Omit to receive the current objects as ADDED first. */
  resourceVersion?: string;
  allowBookmarks?: boolean;
}

export interface DeleteOptions extends CallOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
}

export type PatchType = 'merge' | 'json';

export interface WriteOptions extends CallOptions {
  namespace?: string;
  dryRun?: boolean;
}

export interface PatchOptions extends CallOptions {
  type?: PatchType;
  status?: boolean;
}

export interface ResourceType {
  name: string;
  singularName: string;
  shortNames: string[];
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  verbs: string[];
}

export interface VersionInfo {
  gitVersion: string;
  platform: string;
  nodeVersion: string;
}

/** autoscaling/v1 Scale. */
export interface Scale extends KObject {
  spec: { replicas: number };
  status: { replicas: number; selector: string };
}

interface WatchResponse {
  events: { type: string; objectJson: string }[];
}

const FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;

type Unary = (request: unknown, options: grpc.CallOptions, callback: (err: grpc.ServiceError | null, response: unknown) => void) => grpc.ClientUnaryCall;

function abortError(signal: AbortSignal): StatusError {
  const reason: unknown = signal.reason;
  return reason instanceof StatusError ? reason : canceled(`the request was canceled${reason instanceof Error ? `: ${reason.message}` : ''}`);
}

/**
 * A running watch: iterate its events; iteration throws a StatusError if the
 * stream fails or its signal aborts (Canceled); after stop() it just ends.
 */
export interface WatchStream<T extends KObject = KObject> extends AsyncIterable<WatchEvent<T>> {
  stop(): void;
}

export class ApiClient {
  readonly server: string;
  private readonly timeoutMs: number;
  private readonly resources: grpc.Client;
  private readonly discovery: grpc.Client;

  constructor(options: ClientOptions) {
    this.server = options.server;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    const channelOptions = {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      // Reconnect quickly after an apiserver restart; the default starts at 1 s.
      'grpc.initial_reconnect_backoff_ms': 200,
      'grpc.max_reconnect_backoff_ms': 5000,
      // Watches and responses share one HTTP/2 connection; with the 64 KiB default window a
      // busy watch stalls until this process has read and acknowledged every 64 KiB.
      // 16 MiB, in the spirit of Go's HTTP/2 client (4 MiB per stream, 1 GiB per connection).
      'grpc-node.flow_control_window': FLOW_CONTROL_WINDOW,
    };
    const credentials = grpc.credentials.createInsecure();
    this.resources = new (apiService('Resources'))(options.server, credentials, channelOptions);
    this.discovery = new (apiService('Discovery'))(options.server, credentials, channelOptions);
  }

  close(): void {
    this.resources.close();
    this.discovery.close();
  }

  async get<T extends KObject = KObject>(resource: string, namespace: string, name: string, options: CallOptions = {}): Promise<T> {
    const res = await this.call<{ objectJson: string }>(this.resources, 'Get', { ref: { resource, namespace, name } }, options);
    return JSON.parse(res.objectJson) as T;
  }

  async list<T extends KObject = KObject>(resource: string, options: ListOptions = {}): Promise<ObjectList<T>> {
    const res = await this.call<{ itemsJson: string; resourceVersion: string; continue: string; remainingItemCount: number }>(this.resources, 'List', {
      ref: { resource, namespace: options.namespace ?? '' },
      labelSelector: options.labelSelector ?? '',
      fieldSelector: options.fieldSelector ?? '',
      limit: options.limit ?? 0,
      continue: options.continue ?? '',
      resourceVersion: options.resourceVersion ?? '',
      resourceVersionMatch: options.resourceVersionMatch ?? '',
    }, options);
    return {
      items: JSON.parse(res.itemsJson || '[]') as T[],
      resourceVersion: res.resourceVersion,
      continue: res.continue,
      remainingItemCount: res.remainingItemCount >= 0 && res.continue ? res.remainingItemCount : undefined,
    };
  }

  /** Lists every page and returns all items; timeoutMs applies to each page. */
  async listAll<T extends KObject = KObject>(resource: string, options: Omit<ListOptions, 'continue'> = {}): Promise<ObjectList<T>> {
    const items: T[] = [];
    let page = await this.list<T>(resource, options);
    items.push(...page.items);
    while (page.continue) {
      // Later pages come from the revision the continue token carries.
      page = await this.list<T>(resource, { ...options, continue: page.continue, resourceVersion: undefined, resourceVersionMatch: undefined });
      items.push(...page.items);
    }
    return { items, resourceVersion: page.resourceVersion, continue: '' };
  }

  create<T extends KObject = KObject>(resource: string, obj: NoInfer<T>, options: WriteOptions = {}): Promise<T> {
    return this.write('Create', resource, obj, options);
  }

  update<T extends KObject = KObject>(resource: string, obj: NoInfer<T>, options: Omit<WriteOptions, 'namespace'> = {}): Promise<T> {
    return this.write('Update', resource, obj, options);
  }

  updateStatus<T extends KObject = KObject>(resource: string, obj: NoInfer<T>, options: CallOptions = {}): Promise<T> {
    return this.write('UpdateStatus', resource, obj, options);
  }

  async patch<T extends KObject = KObject>(resource: string, namespace: string, name: string, patch: unknown, options: PatchOptions = {}): Promise<T> {
    const res = await this.call<{ objectJson: string }>(this.resources, 'Patch', {
      ref: { resource, namespace, name },
      patchType: options.type ?? 'merge',
      patchJson: JSON.stringify(patch),
      status: options.status ?? false,
    }, options);
    return JSON.parse(res.objectJson) as T;
  }

  /** Deletes and returns the object as it was last stored (with deletionTimestamp if finalizers hold it). */
  async delete<T extends KObject = KObject>(resource: string, namespace: string, name: string, options: DeleteOptions = {}): Promise<T> {
    const res = await this.call<{ objectJson: string }>(this.resources, 'Delete', {
      ref: { resource, namespace, name },
      preconditionUid: options.preconditions?.uid ?? '',
      preconditionResourceVersion: options.preconditions?.resourceVersion ?? '',
      propagationPolicy: options.propagationPolicy ?? '',
      gracePeriodSeconds: options.gracePeriodSeconds ?? -1,
    }, options);
    return JSON.parse(res.objectJson) as T;
  }

  watch<T extends KObject = KObject>(resource: string, options: WatchOptions = {}): WatchStream<T> {
    const { signal } = options;
    const callOptions: grpc.CallOptions = options.timeoutMs ? { deadline: Date.now() + options.timeoutMs } : {};
    const call = (this.resources as unknown as Record<string, (req: unknown, opts: grpc.CallOptions) => grpc.ClientReadableStream<WatchResponse>>)['Watch']!.call(this.resources, {
      ref: { resource, namespace: options.namespace ?? '' },
      labelSelector: options.labelSelector ?? '',
      fieldSelector: options.fieldSelector ?? '',
      resourceVersion: options.resourceVersion ?? '',
      allowBookmarks: options.allowBookmarks ?? false,
    }, callOptions);
    const server = this.server;
    let stopped = false;
    const onAbort = (): void => call.cancel();
    if (signal?.aborted) call.cancel();
    else signal?.addEventListener('abort', onAbort, { once: true });
    return {
      stop: () => {
        stopped = true;
        call.cancel();
      },
      async *[Symbol.asyncIterator]() {
        try {
          for await (const message of call) {
            for (const ev of (message as WatchResponse).events) {
              yield { type: ev.type as WatchEventType, object: JSON.parse(ev.objectJson) as T };
            }
          }
          if (signal?.aborted && !stopped) throw abortError(signal);
        } catch (err) {
          if (stopped) return;
          if (signal?.aborted) throw abortError(signal);
          if ((err as grpc.ServiceError).code === grpc.status.CANCELLED) return;
          throw fromGrpcError(err, server);
        } finally {
          signal?.removeEventListener('abort', onAbort);
          if (!stopped) call.cancel();
        }
      },
    };
  }

  /** Places a pod on a node through the binding subresource; Conflict if it is already placed. */
  async bind(namespace: string, podName: string, nodeName: string, podUid?: string, options: CallOptions = {}): Promise<KObject> {
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name: podName, namespace, uid: podUid }, target: { kind: 'Node', name: nodeName } };
    const res = await this.call<{ objectJson: string }>(this.resources, 'Create', { ref: { resource: 'pods', namespace, name: podName, subresource: 'binding' }, objectJson: JSON.stringify(binding) }, options);
    return JSON.parse(res.objectJson) as KObject;
  }

  /** Reads the autoscaling/v1 Scale of a deployment or replicaset. */
  async getScale(resource: string, namespace: string, name: string, options: CallOptions = {}): Promise<Scale> {
    const res = await this.call<{ objectJson: string }>(this.resources, 'Get', { ref: { resource, namespace, name, subresource: 'scale' } }, options);
    return JSON.parse(res.objectJson) as Scale;
  }

  /** Sets spec.replicas through the scale subresource; resourceVersion, when given, is a precondition. */
  async updateScale(resource: string, namespace: string, name: string, replicas: number, resourceVersion?: string, options: CallOptions = {}): Promise<Scale> {
    const scale = { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name, namespace, resourceVersion }, spec: { replicas } };
    const res = await this.call<{ objectJson: string }>(this.resources, 'Update', { ref: { resource, namespace, name, subresource: 'scale' }, objectJson: JSON.stringify(scale) }, options);
    return JSON.parse(res.objectJson) as Scale;
  }

  async resourceTypes(options: CallOptions = {}): Promise<ResourceType[]> {
    const res = await this.call<{ resources: ResourceType[] }>(this.discovery, 'ListResourceTypes', {}, options);
    return res.resources;
  }

  version(options: CallOptions = {}): Promise<VersionInfo> {
    return this.call<VersionInfo>(this.discovery, 'Version', {}, options);
  }

  private async write<T extends KObject>(method: string, resource: string, obj: T, options: WriteOptions): Promise<T> {
    const namespace = obj.metadata?.namespace ?? options.namespace ?? '';
    const res = await this.call<{ objectJson: string }>(this.resources, method, {
      ref: { resource, namespace },
      objectJson: JSON.stringify(obj),
      dryRun: options.dryRun ?? false,
    }, options);
    return JSON.parse(res.objectJson) as T;
  }

  private call<R>(client: grpc.Client, method: string, request: unknown, options: CallOptions): Promise<R> {
    const fn = (client as unknown as Record<string, Unary>)[method]!;
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<R>((resolve, reject) => {
      // gRPC deadlines are wall-clock instants on the wire, so they come from Date, not a Clock.
      const deadline = Date.now() + (options.timeoutMs ?? this.timeoutMs);
      const onAbort = (): void => {
        call.cancel();
        reject(abortError(signal!));
      };
      const call = fn.call(client, request, { deadline }, (err, response) => {
        signal?.removeEventListener('abort', onAbort);
        if (err) reject(signal?.aborted ? abortError(signal) : fromGrpcError(err, this.server));
        else resolve(response as R);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
