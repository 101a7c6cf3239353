// The gRPC face of the apiserver: decodes requests, calls the registry, and
// maps every error once into a gRPC status carrying a Kubernetes Status.
import * as grpc from '@grpc/grpc-js';
import { badRequest, KObject, RESOURCES, StatusError, tooLarge, unavailable } from '@kctl/api';
import { apiService, toGrpcError } from '@kctl/client';
import { parseFilter } from './registry/generic-store';
import { Registry } from './registry/registry';
import { bindPod } from './subresources/binding';
import { toScale, updateScale } from './subresources/scale';
import { StreamSink } from './watch/stream-sink';

/** Kubernetes refuses request bodies over 3 MiB. */
export const MAX_OBJECT_BYTES = 3 * 1024 * 1024;

export const VERSION = '0.1.0';

interface Ref {
  resource: string;
  namespace: string;
  name: string;
  subresource: string;
}

type Handler<Req> = (request: Req) => Promise<unknown>;

/** etcd3 transport failures (connection refused, deadline, open circuit) mean etcd is unavailable. */
function isStorageOutage(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return /^GRPC|BrokenCircuit|EtcdWatchStreamEnded|TaskCancelled/.test(err.name) || /UNAVAILABLE|DEADLINE_EXCEEDED|ECONNREFUSED|circuit/i.test(err.message);
}

export function normalizeError(err: unknown): StatusError | Error {
  if (err instanceof StatusError) return err;
  if (isStorageOutage(err)) return unavailable(`storage is unavailable: ${(err as Error).message}`);
  return err instanceof Error ? err : new Error(String(err));
}

function parseObject(json: string): KObject {
  if (Buffer.byteLength(json) > MAX_OBJECT_BYTES) throw tooLarge(`Request entity too large: limit is ${MAX_OBJECT_BYTES}`);
  try {
    return JSON.parse(json) as KObject;
  } catch (err) {
    throw badRequest(`the object is not valid JSON: ${(err as Error).message}`);
  }
}

function parseRevision(text: string): number | undefined {
  if (text === '' || text === '0') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`resourceVersion "${text}" is not valid: it must be a resourceVersion the server returned`);
  return n;
}

function unary<Req>(handler: Handler<Req>): grpc.handleUnaryCall<Req, unknown> {
  return (call, callback) => {
    handler(call.request).then(
      (response) => callback(null, response),
      (err: unknown) => callback(toGrpcError(normalizeError(err))),
    );
  };
}

/** Kinds with a scale subresource. */
const SCALABLE = new Set(['deployments', 'replicasets']);

function noSubresource(ref: Ref): StatusError {
  return new StatusError('NotFound', `the server could not find the requested resource: ${ref.resource}/${ref.subresource} is not supported`);
}

/** Every watcher of a resource receives the same event objects: encode each one once. */
const encoded = new WeakMap<KObject, string>();
function encodeShared(obj: KObject): string {
  let json = encoded.get(obj);
  if (json === undefined) encoded.set(obj, (json = JSON.stringify(obj)));
  return json;
}

const objectResponse = (obj: KObject): { objectJson: string } => ({ objectJson: JSON.stringify(obj) });

export function addApiServices(server: grpc.Server, registry: Registry): void {
  server.addService(apiService('Resources').service, {
    Get: unary<{ ref: Ref }>(async ({ ref }) => {
      const obj = await registry.store(ref.resource).get(ref.namespace, ref.name);
      if (!ref.subresource) return objectResponse(obj);
      if (ref.subresource === 'scale' && SCALABLE.has(ref.resource)) return objectResponse(toScale(obj));
      throw noSubresource(ref);
    }),
    List: unary<{ ref: Ref; labelSelector: string; fieldSelector: string; limit: number; continue: string; resourceVersion: string; resourceVersionMatch: string }>(async (req) => {
      const list = await registry.store(req.ref.resource).list(req.ref.namespace, req);
      // Items from the watch cache are the objects its watch events carry: each is encoded once.
      return { itemsJson: `[${list.items.map(encodeShared).join(',')}]`, resourceVersion: list.resourceVersion, continue: list.continue, remainingItemCount: list.remainingItemCount ?? -1 };
    }),
    Create: unary<{ ref: Ref; objectJson: string; dryRun: boolean }>(async ({ ref, objectJson, dryRun }) => {
      const store = registry.store(ref.resource);
      const body = parseObject(objectJson);
      if (!ref.subresource) return objectResponse(await store.create(ref.namespace, body, { dryRun }));
      if (ref.subresource === 'binding' && store.resource === 'pods') return objectResponse(await bindPod(store, ref.namespace, ref.name, body, registry.watchCache('pods')));
      throw noSubresource(ref);
    }),
    Update: unary<{ ref: Ref; objectJson: string; dryRun: boolean }>(async ({ ref, objectJson, dryRun }) => {
      const store = registry.store(ref.resource);
      const body = parseObject(objectJson);
      if (!ref.subresource) return objectResponse(await store.update(ref.namespace, body, { dryRun }));
      if (ref.subresource === 'status') return objectResponse(await store.updateStatus(ref.namespace, body));
      if (ref.subresource === 'scale' && SCALABLE.has(store.resource)) return objectResponse(await updateScale(store, ref.namespace, ref.name, body));
      throw noSubresource(ref);
    }),
    UpdateStatus: unary<{ ref: Ref; objectJson: string }>(async (req) =>
      objectResponse(await registry.store(req.ref.resource).updateStatus(req.ref.namespace, parseObject(req.objectJson))),
    ),
    Patch: unary<{ ref: Ref; patchType: string; patchJson: string; status: boolean }>(async (req) => {
      if (Buffer.byteLength(req.patchJson) > MAX_OBJECT_BYTES) throw tooLarge(`Request entity too large: limit is ${MAX_OBJECT_BYTES}`);
      return objectResponse(await registry.store(req.ref.resource).patch(req.ref.namespace, req.ref.name, req.patchType, req.patchJson, { status: req.status }));
    }),
    Delete: unary<{ ref: Ref; preconditionUid: string; preconditionResourceVersion: string; propagationPolicy: string; gracePeriodSeconds: number }>(async (req) => {
      const policy = req.propagationPolicy;
      if (policy && !['Background', 'Foreground', 'Orphan'].includes(policy)) throw badRequest(`propagationPolicy "${policy}" is not supported: use Background, Foreground or Orphan`);
      const deleted = await registry.store(req.ref.resource).delete(req.ref.namespace, req.ref.name, {
        preconditions: { uid: req.preconditionUid || undefined, resourceVersion: req.preconditionResourceVersion || undefined },
        propagationPolicy: policy || undefined,
        gracePeriodSeconds: req.gracePeriodSeconds >= 0 ? req.gracePeriodSeconds : undefined,
      });
      return objectResponse(deleted);
    }),
    Watch: (call: grpc.ServerWritableStream<{ ref: Ref; labelSelector: string; fieldSelector: string; resourceVersion: string; allowBookmarks: boolean }, unknown>) => {
      const fail = (err: unknown): void => {
        call.emit('error', toGrpcError(normalizeError(err)));
      };
      try {
        const req = call.request;
        const cache = registry.watchCache(req.ref.resource);
        const sink = new StreamSink(call, encodeShared, fail);
        cache
          .watch({ namespace: req.ref.namespace, filter: parseFilter(req.labelSelector, req.fieldSelector), resourceVersion: parseRevision(req.resourceVersion), allowBookmarks: req.allowBookmarks }, sink)
          .then((watcher) => call.on('cancelled', () => watcher.close()), fail);
      } catch (err) {
        fail(err);
      }
    },
  });

  server.addService(apiService('Discovery').service, {
    ListResourceTypes: unary(async () => ({
      resources: RESOURCES.map((r) => ({
        name: r.resource,
        singularName: r.singular,
        shortNames: r.shortNames,
        group: r.group,
        version: r.version,
        kind: r.kind,
        namespaced: r.namespaced,
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      })),
    })),
    Version: unary(async () => ({ gitVersion: `v${VERSION}`, platform: `${process.platform}/${process.arch}`, nodeVersion: process.version })),
  });
}
