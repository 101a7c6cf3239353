// The gRPC face of the apiserver: decodes requests, calls the registry, and
// maps every error once into a gRPC status carrying a Kubernetes Status.
import * as grpc from '@grpc/grpc-js';
import { badRequest, isObject, KObject, parseResourceVersion, parseUntrustedJson, RESOURCES, StatusError, tooLarge } from '@kctl/api';
import { apiService, toGrpcError } from '@kctl/client';
import { parseFilter } from './registry/generic-store';
import { Registry } from './registry/registry';
import { bindPod } from './subresources/binding';
import { toScale, updateScale } from './subresources/scale';
import { checkSelectorSizes, NameUse, resolveTarget, Target } from './request-target';
import { CacheWatcher } from './watch/watcher';
import { StreamSink } from './watch/stream-sink';

/** Kubernetes refuses request bodies over 3 MiB. */
export const MAX_OBJECT_BYTES = 3 * 1024 * 1024;

export const VERSION = '0.1.0';

/** A request's ref as it arrives: the proto makes it optional, so it may be missing. */
interface RequestRef {
  ref?: unknown;
}

type Handler<Req> = (request: Req) => Promise<unknown>;

/**
 * The storage layer throws typed errors only (Unavailable when etcd cannot be
 * reached); anything else reaching here is a bug and answers InternalError.
 */
export function normalizeError(err: unknown): StatusError | Error {
  if (err instanceof StatusError) return err;
  return err instanceof Error ? err : new Error(String(err));
}

function parseObject(json: string): KObject {
  if (Buffer.byteLength(json) > MAX_OBJECT_BYTES) throw tooLarge(`Request entity too large: limit is ${MAX_OBJECT_BYTES}`);
  // Depth-bounded and free of __proto__ keys; the store decodes it strictly against the kind's schema.
  return parseUntrustedJson(json, 'the object') as KObject;
}

/** Kubernetes has no upper bound; one must keep the deletion timestamp a date (here: about 68 years). */
const MAX_GRACE_PERIOD_SECONDS = 2 ** 31 - 1;

function checkGracePeriod(seconds: number): number | undefined {
  if (!(seconds >= 0)) return undefined;
  if (!Number.isSafeInteger(seconds) || seconds > MAX_GRACE_PERIOD_SECONDS) throw badRequest(`gracePeriodSeconds: Invalid value: ${seconds}: must be no more than ${MAX_GRACE_PERIOD_SECONDS}`);
  return seconds;
}

/** Binding and scale address one object through the ref; plain writes take the name from the body. */
const writeNameUse = (req: RequestRef): NameUse => (isObject(req.ref) && (req.ref.subresource === 'binding' || req.ref.subresource === 'scale') ? 'required' : 'fromBody');

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

function noSubresource(target: Target): StatusError {
  return new StatusError('NotFound', `the server could not find the requested resource: ${target.store.resource}/${target.subresource} is not supported`);
}

/** Refuses a subresource on verbs that have none. */
function noSubresourceHere(target: Target): Target {
  if (target.subresource) throw noSubresource(target);
  return target;
}

/** Every watcher of a resource receives the same event objects: encode each one once. */
const encoded = new WeakMap<KObject, string>();
function encodeShared(obj: KObject): string {
  let json = encoded.get(obj);
  if (json === undefined) encoded.set(obj, (json = JSON.stringify(obj)));
  return json;
}

const objectResponse = (obj: KObject): { objectJson: string } => ({ objectJson: JSON.stringify(obj) });

/** What the gRPC face reports about itself, for tests and metrics. */
export interface ApiServices {
  /** Client watches registered and not yet closed. */
  openWatches(): number;
}

export function addApiServices(server: grpc.Server, registry: Registry): ApiServices {
  const target = (req: RequestRef, nameUse: NameUse): Target => resolveTarget(registry, req.ref, nameUse);
  const watches = new Set<CacheWatcher>();

  server.addService(apiService('Resources').service, {
    Get: unary<RequestRef>(async (req) => {
      const t = target(req, 'required');
      const obj = await t.store.get(t.namespace, t.name);
      if (!t.subresource) return objectResponse(obj);
      if (t.subresource === 'scale' && SCALABLE.has(t.store.resource)) return objectResponse(toScale(obj));
      throw noSubresource(t);
    }),
    List: unary<RequestRef & { labelSelector: string; fieldSelector: string; limit: number; continue: string; resourceVersion: string; resourceVersionMatch: string }>(async (req) => {
      const t = noSubresourceHere(target(req, 'ignored'));
      const selectors = checkSelectorSizes(req.labelSelector, req.fieldSelector);
      const list = await t.store.list(t.namespace, { ...selectors, limit: req.limit, continue: req.continue, resourceVersion: req.resourceVersion, resourceVersionMatch: req.resourceVersionMatch });
      // Items from the watch cache are the objects its watch events carry: each is encoded once.
      return { itemsJson: `[${list.items.map(encodeShared).join(',')}]`, resourceVersion: list.resourceVersion, continue: list.continue, remainingItemCount: list.remainingItemCount ?? -1 };
    }),
    Create: unary<RequestRef & { objectJson: string; dryRun: boolean }>(async (req) => {
      const t = target(req, writeNameUse(req));
      const body = parseObject(req.objectJson);
      if (!t.subresource) return objectResponse(await t.store.create(t.namespace, body, { dryRun: req.dryRun }));
      if (t.subresource === 'binding' && t.store.resource === 'pods') return objectResponse(await bindPod(t.store, t.namespace, t.name, body, registry.watchCache('pods')));
      throw noSubresource(t);
    }),
    Update: unary<RequestRef & { objectJson: string; dryRun: boolean }>(async (req) => {
      const t = target(req, writeNameUse(req));
      const body = parseObject(req.objectJson);
      if (!t.subresource) return objectResponse(await t.store.update(t.namespace, body, { dryRun: req.dryRun }));
      if (t.subresource === 'status' && t.store.info.hasStatus) return objectResponse(await t.store.updateStatus(t.namespace, body));
      if (t.subresource === 'scale' && SCALABLE.has(t.store.resource)) return objectResponse(await updateScale(t.store, t.namespace, t.name, body));
      throw noSubresource(t);
    }),
    UpdateStatus: unary<RequestRef & { objectJson: string }>(async (req) => {
      const t = noSubresourceHere(target(req, 'fromBody'));
      if (!t.store.info.hasStatus) throw noSubresource({ ...t, subresource: 'status' });
      return objectResponse(await t.store.updateStatus(t.namespace, parseObject(req.objectJson)));
    }),
    Patch: unary<RequestRef & { patchType: string; patchJson: string; status: boolean }>(async (req) => {
      const t = noSubresourceHere(target(req, 'required'));
      if (Buffer.byteLength(req.patchJson) > MAX_OBJECT_BYTES) throw tooLarge(`Request entity too large: limit is ${MAX_OBJECT_BYTES}`);
      if (req.status && !t.store.info.hasStatus) throw noSubresource({ ...t, subresource: 'status' });
      return objectResponse(await t.store.patch(t.namespace, t.name, req.patchType, req.patchJson, { status: req.status }));
    }),
    Delete: unary<RequestRef & { preconditionUid: string; preconditionResourceVersion: string; propagationPolicy: string; gracePeriodSeconds: number }>(async (req) => {
      const t = noSubresourceHere(target(req, 'required'));
      const policy = req.propagationPolicy;
      if (policy && !['Background', 'Foreground', 'Orphan'].includes(policy)) throw badRequest(`propagationPolicy "${policy}" is not supported: use Background, Foreground or Orphan`);
      // A precondition names a revision: parse it as one, and compare the canonical form.
      const wanted = req.preconditionResourceVersion ? String(parseResourceVersion(req.preconditionResourceVersion, 'preconditions.resourceVersion')) : undefined;
      const deleted = await t.store.delete(t.namespace, t.name, {
        preconditions: { uid: req.preconditionUid || undefined, resourceVersion: wanted },
        propagationPolicy: policy || undefined,
        gracePeriodSeconds: checkGracePeriod(req.gracePeriodSeconds),
      });
      return objectResponse(deleted);
    }),
    Watch: (call: grpc.ServerWritableStream<RequestRef & { labelSelector: string; fieldSelector: string; resourceVersion: string; allowBookmarks: boolean }, unknown>) => {
      const fail = (err: unknown): void => {
        call.emit('error', toGrpcError(normalizeError(err)));
      };
      // Listen for the client going away before the cache answers: a watch
      // cancelled while its initial state is read must still be closed.
      let watcher: CacheWatcher | undefined;
      let cancelled = false;
      call.on('cancelled', () => {
        cancelled = true;
        watcher?.close();
      });
      try {
        const req = call.request;
        const t = noSubresourceHere(target(req, 'ignored'));
        const selectors = checkSelectorSizes(req.labelSelector, req.fieldSelector);
        const filter = parseFilter(selectors.labelSelector, selectors.fieldSelector);
        const resourceVersion = parseResourceVersion(req.resourceVersion ?? '') || undefined;
        const sink = new StreamSink(call, encodeShared, fail);
        registry
          .watchCache(t.store.resource)
          .watch({ namespace: t.namespace, filter, resourceVersion, allowBookmarks: req.allowBookmarks }, sink)
          .then((registered) => {
            watcher = registered;
            if (cancelled || call.cancelled) {
              cancelled = true;
              registered.close();
              return;
            }
            watches.add(registered);
            registered.whenClosed(() => watches.delete(registered));
          }, fail);
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
  return { openWatches: () => watches.size };
}
