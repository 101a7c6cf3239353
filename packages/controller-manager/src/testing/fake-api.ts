// An in-memory stand-in for the apiserver and its informers, for unit tests of
// controllers: the ApiClient calls controllers make (get, create, update,
// updateStatus, patch, delete) with the apiserver's semantics that matter to
// them (resourceVersion checks, generation, status kept apart, generateName,
// finalizers and graceful pod deletion), and informers whose caches are fed by
// those writes: at once (autoFlush) or when the test calls flush(), so tests
// can hold events back or deliver them twice.
import {
  alreadyExists, applyDefaults, isPodTerminal, PodObject, conflict, deepCopy, findResource, initialStatus, isObject, KObject, notFound, qualifiedResource, ResourceInfo,
} from '@kctl/api';
import { Clock, EventHandler, EventType, FakeClock, IndexFunc, indexers, keyOf, DeleteOptions, PatchType } from '@kctl/client';
import { ControllerClient, InformerSource, Recorder, SharedInformer } from '../util/client-types';
import { formatTime } from '@kctl/api';

export interface FakeAction {
  verb: 'get' | 'create' | 'update' | 'updateStatus' | 'patch' | 'delete';
  resource: string;
  namespace: string;
  name: string;
  object?: KObject;
  options?: DeleteOptions;
}

type EventKind = 'ADDED' | 'MODIFIED' | 'DELETED';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** An informer whose cache the FakeApi fills; objects in it are frozen. */
export class FakeInformer<T extends KObject = KObject> implements SharedInformer<T> {
  private readonly items = new Map<string, T>();
  private readonly handlers: EventHandler<T>[] = [];
  private readonly indexFuncs = new Map<string, IndexFunc<T>>();

  constructor(readonly resource: string) {}

  addEventHandler(handler: EventHandler<T>): void {
    this.handlers.push(handler);
    for (const obj of this.items.values()) handler.onAdd?.(obj);
  }

  addIndexer(name: string, fn: IndexFunc<T>): void {
    this.indexFuncs.set(name, fn);
  }

  hasSynced(): boolean {
    return true;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  byIndex(name: string, value: string): T[] {
    const fn = this.indexFuncs.get(name);
    if (!fn) throw new Error(`informer for ${this.resource} has no index "${name}"`);
    return this.list().filter((obj) => fn(obj).includes(value));
  }

  /** Delivers one event as a watch would. */
  apply(type: EventKind, input: T): void {
    const obj = deepFreeze(deepCopy(input));
    const key = keyOf(obj);
    const old = this.items.get(key);
    if (type === 'DELETED') {
      if (!old) return;
      this.items.delete(key);
      for (const h of this.handlers) h.onDelete?.(obj);
      return;
    }
    this.items.set(key, obj);
    for (const h of this.handlers) {
      if (old) h.onUpdate?.(old, obj);
      else h.onAdd?.(obj);
    }
  }
}

export interface FakeApiOptions {
  clock?: Clock;
  /** Deliver every write to the informers at once (default true); otherwise on flush(). */
  autoFlush?: boolean;
  /** Resources whose events wait for flush() even when autoFlush is on. */
  hold?: string[];
}

/** The fake apiserver: a ControllerClient plus the InformerSource fed by it. */
export class FakeApi implements ControllerClient, InformerSource {
  readonly actions: FakeAction[] = [];
  readonly clock: Clock;
  autoFlush: boolean;
  /** Resources whose events wait for flush(). */
  readonly held: Set<string>;
  /** Return an error to make a call fail (checked before it runs). */
  failWith?: (action: FakeAction) => Error | undefined;
  private readonly stores = new Map<string, Map<string, KObject>>();
  private readonly informers = new Map<string, FakeInformer>();
  private pending: { resource: string; type: EventKind; obj: KObject }[] = [];
  private revision = 100;
  private uidSeq = 0;
  private nameSeq = 0;

  constructor(options: FakeApiOptions = {}) {
    this.clock = options.clock ?? new FakeClock();
    this.autoFlush = options.autoFlush ?? true;
    this.held = new Set(options.hold ?? []);
  }

  // ---- test helpers --------------------------------------------------------

  informer<T extends KObject = KObject>(resource: string): FakeInformer<T> {
    let informer = this.informers.get(resource);
    if (!informer) {
      informer = new FakeInformer(resource);
      informer.addIndexer('namespace', indexers.namespace);
      for (const obj of this.store(resource).values()) informer.apply('ADDED', obj);
      this.informers.set(resource, informer);
    }
    return informer as unknown as FakeInformer<T>;
  }

  /** Stores an object as it is (filling uid, resourceVersion, creationTimestamp when absent) and tells informers. */
  seed<T extends KObject>(resource: string, input: T): T {
    const info = this.info(resource);
    const obj = deepCopy(input);
    obj.apiVersion ||= info.group ? `${info.group}/${info.version}` : info.version;
    obj.kind ||= info.kind;
    if (info.namespaced) obj.metadata.namespace ??= 'default';
    obj.metadata.uid ??= this.nextUid();
    obj.metadata.creationTimestamp ??= formatTime(this.clock.now());
    obj.metadata.generation ??= 1;
    obj.metadata.resourceVersion = this.nextRevision();
    this.store(resource).set(keyOf(obj), obj);
    this.emit(resource, 'ADDED', obj);
    return deepCopy(obj);
  }

  /** Changes a stored object in place (as another component would) and tells informers. */
  modify<T extends KObject>(resource: string, key: string, change: (obj: T) => void): T {
    const current = this.store(resource).get(key);
    if (!current) throw new Error(`no ${resource} ${key}`);
    const next = deepCopy(current) as T;
    change(next);
    next.metadata.resourceVersion = this.nextRevision();
    this.store(resource).set(key, next);
    this.emit(resource, 'MODIFIED', next);
    return deepCopy(next);
  }

  /** Removes a stored object at once (as a kubelet finishing a graceful delete would). */
  remove(resource: string, key: string): void {
    const current = this.store(resource).get(key);
    if (!current) return;
    this.store(resource).delete(key);
    this.emit(resource, 'DELETED', current);
  }

  stored<T extends KObject = KObject>(resource: string, key: string): T | undefined {
    const obj = this.store(resource).get(key);
    return obj ? (deepCopy(obj) as T) : undefined;
  }

  all<T extends KObject = KObject>(resource: string): T[] {
    return [...this.store(resource).values()].map((o) => deepCopy(o) as T);
  }

  /** Delivers the writes held back so far (of one resource, or all) to the informers. */
  flush(resource?: string): void {
    const events = this.pending.filter((e) => !resource || e.resource === resource);
    this.pending = this.pending.filter((e) => resource && e.resource !== resource);
    for (const e of events) this.informers.get(e.resource)?.apply(e.type, e.obj);
  }

  /** Actions other than reads, optionally only of one verb/resource. */
  writes(verb?: FakeAction['verb'], resource?: string): FakeAction[] {
    return this.actions.filter((a) => a.verb !== 'get' && (!verb || a.verb === verb) && (!resource || a.resource === resource));
  }

  clearActions(): void {
    this.actions.length = 0;
  }

  // ---- ControllerClient -----------------------------------------------------

  async get<T extends KObject = KObject>(resource: string, namespace: string, name: string): Promise<T> {
    this.record({ verb: 'get', resource, namespace, name });
    const obj = this.store(resource).get(this.key(resource, namespace, name));
    if (!obj) throw notFound(qualifiedResource(this.info(resource)), name);
    return deepCopy(obj) as T;
  }

  async create<T extends KObject>(resource: string, input: T, options: { namespace?: string; dryRun?: boolean } = {}): Promise<T> {
    const info = this.info(resource);
    const obj: KObject = deepCopy(input);
    if (info.namespaced) obj.metadata.namespace ||= options.namespace || 'default';
    if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = `${obj.metadata.generateName}${(this.nameSeq++).toString(36).padStart(5, 'x')}`;
    this.record({ verb: 'create', resource, namespace: obj.metadata.namespace ?? '', name: obj.metadata.name ?? '', object: deepCopy(obj) });
    const key = keyOf(obj);
    if (this.store(resource).has(key)) throw alreadyExists(qualifiedResource(info), obj.metadata.name ?? '');
    obj.apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    obj.kind = info.kind;
    obj.metadata.uid = this.nextUid();
    obj.metadata.creationTimestamp = formatTime(this.clock.now());
    obj.metadata.generation = 1;
    delete obj.metadata.deletionTimestamp;
    if (info.hasStatus) {
      const status = initialStatus(info);
      if (status) obj.status = status;
      else delete obj.status;
    }
    applyDefaults(info, obj);
    obj.metadata.resourceVersion = this.nextRevision();
    this.store(resource).set(key, obj);
    this.emit(resource, 'ADDED', obj);
    return deepCopy(obj) as T;
  }

  async update<T extends KObject>(resource: string, input: T): Promise<T> {
    return this.replace(resource, input, false, 'update');
  }

  async updateStatus<T extends KObject>(resource: string, input: T): Promise<T> {
    return this.replace(resource, input, true, 'updateStatus');
  }

  async patch<T extends KObject = KObject>(resource: string, namespace: string, name: string, patch: unknown, options: { type?: PatchType; status?: boolean } = {}): Promise<T> {
    this.record({ verb: 'patch', resource, namespace, name, object: patch as KObject });
    if (options.type === 'json') throw new Error('FakeApi: json patches are not supported');
    const current = this.store(resource).get(this.key(resource, namespace, name));
    if (!current) throw notFound(qualifiedResource(this.info(resource)), name);
    const next = mergePatch(deepCopy(current), patch) as T;
    if (!(isObject(patch) && isObject(patch.metadata) && typeof patch.metadata.resourceVersion === 'string')) next.metadata.resourceVersion = current.metadata.resourceVersion;
    return this.replace(resource, next, options.status ?? false, undefined);
  }

  async delete<T extends KObject = KObject>(resource: string, namespace: string, name: string, options: DeleteOptions = {}): Promise<T> {
    this.record({ verb: 'delete', resource, namespace, name, options });
    const info = this.info(resource);
    const key = this.key(resource, namespace, name);
    const current = this.store(resource).get(key);
    if (!current) throw notFound(qualifiedResource(info), name);
    if (options.preconditions?.uid && options.preconditions.uid !== current.metadata.uid) throw conflict(qualifiedResource(info), name, 'Precondition failed: UID in precondition');
    if (options.preconditions?.resourceVersion && options.preconditions.resourceVersion !== current.metadata.resourceVersion) throw conflict(qualifiedResource(info), name, 'Precondition failed: ResourceVersion in precondition');
    const next = deepCopy(current);
    const finalizers = new Set(next.metadata.finalizers ?? []);
    const grace = this.gracePeriod(info, current, options);
    if (next.metadata.deletionTimestamp) {
      if (grace > 0 || finalizers.size > 0) return deepCopy(current) as T;
      this.store(resource).delete(key);
      this.emit(resource, 'DELETED', current);
      return deepCopy(current) as T;
    }
    if (options.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
    if (options.propagationPolicy === 'Orphan') finalizers.add('orphan');
    if (finalizers.size === 0 && grace === 0) {
      this.store(resource).delete(key);
      this.emit(resource, 'DELETED', current);
      return deepCopy(current) as T;
    }
    if (finalizers.size) next.metadata.finalizers = [...finalizers];
    next.metadata.deletionTimestamp = formatTime(this.clock.now() + grace * 1000);
    next.metadata.deletionGracePeriodSeconds = grace;
    next.metadata.resourceVersion = this.nextRevision();
    this.store(resource).set(key, next);
    this.emit(resource, 'MODIFIED', next);
    return deepCopy(next) as T;
  }

  // ---- internals -------------------------------------------------------------

  private replace<T extends KObject>(resource: string, input: T, statusOnly: boolean, verb: 'update' | 'updateStatus' | undefined): Promise<T> {
    const info = this.info(resource);
    const namespace = input.metadata.namespace ?? '';
    const name = input.metadata.name ?? '';
    if (verb) this.record({ verb, resource, namespace, name, object: deepCopy(input) });
    const key = this.key(resource, namespace, name);
    const old = this.store(resource).get(key);
    if (!old) return Promise.reject(notFound(qualifiedResource(info), name));
    if (input.metadata.resourceVersion && input.metadata.resourceVersion !== old.metadata.resourceVersion) return Promise.reject(conflict(qualifiedResource(info), name));
    if (input.metadata.uid && input.metadata.uid !== old.metadata.uid) return Promise.reject(conflict(qualifiedResource(info), name, 'Precondition failed: UID in precondition'));
    let next: KObject;
    if (statusOnly) {
      next = { ...deepCopy(old), status: deepCopy((input as KObject).status) };
    } else {
      next = deepCopy(input) as KObject;
      next.apiVersion = old.apiVersion;
      next.kind = old.kind;
      for (const field of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const) {
        if (old.metadata[field] === undefined) delete next.metadata[field];
        else (next.metadata as Record<string, unknown>)[field] = old.metadata[field];
      }
      if (info.hasStatus) next.status = deepCopy(old.status);
      applyDefaults(info, next);
      const specOf = (o: KObject): string => JSON.stringify({ ...o, metadata: undefined, status: undefined });
      next.metadata.generation = (old.metadata.generation ?? 1) + (specOf(next) !== specOf(old) ? 1 : 0);
    }
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    if (JSON.stringify(next) === JSON.stringify(old)) return Promise.resolve(deepCopy(old) as T);
    if (next.metadata.deletionTimestamp && !next.metadata.finalizers?.length && !(next.metadata.deletionGracePeriodSeconds ?? 0)) {
      this.store(resource).delete(key);
      this.emit(resource, 'DELETED', old);
      return Promise.resolve(deepCopy(next) as T);
    }
    next.metadata.resourceVersion = this.nextRevision();
    this.store(resource).set(key, next);
    this.emit(resource, 'MODIFIED', next);
    return Promise.resolve(deepCopy(next) as T);
  }

  private gracePeriod(info: ResourceInfo, obj: KObject, options: DeleteOptions): number {
    if (info.kind !== 'Pod') return 0;
    const spec = (obj as PodObject).spec;
    if (!spec?.nodeName || isPodTerminal(obj as PodObject)) return 0;
    if (options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds >= 0) return options.gracePeriodSeconds;
    return spec.terminationGracePeriodSeconds ?? 30;
  }

  private record(action: FakeAction): void {
    this.actions.push(action);
    const err = this.failWith?.(action);
    if (err) throw err;
  }

  private emit(resource: string, type: EventKind, obj: KObject): void {
    this.pending.push({ resource, type, obj: deepCopy(obj) });
    if (this.autoFlush && !this.held.has(resource)) this.flush(resource);
  }

  private store(resource: string): Map<string, KObject> {
    let store = this.stores.get(resource);
    if (!store) this.stores.set(resource, (store = new Map()));
    return store;
  }

  private info(resource: string): ResourceInfo {
    const info = findResource(resource);
    if (!info) throw new Error(`FakeApi: unknown resource ${resource}`);
    return info;
  }

  private key(resource: string, namespace: string, name: string): string {
    return this.info(resource).namespaced ? `${namespace || 'default'}/${name}` : name;
  }

  private nextRevision(): string {
    return String(++this.revision);
  }

  private nextUid(): string {
    return `uid-${++this.uidSeq}`;
  }
}

/** Collects events instead of writing them. */
export class FakeRecorder implements Recorder {
  readonly events: { object: string; type: EventType; reason: string; message: string }[] = [];

  event(obj: KObject, type: EventType, reason: string, message: string): void {
    this.events.push({ object: `${obj.kind}/${obj.metadata.name}`, type, reason, message });
  }

  messages(reason?: string): string[] {
    return this.events.filter((e) => !reason || e.reason === reason).map((e) => e.message);
  }
}
