// The generic registry: create, read, update, patch, delete and list for one
// resource, on the narrow Storage interface. What differs between kinds is the
// Strategy's; defaulting and validation run before anything is written, so a
// refused request leaves nothing behind.
import {
  alreadyExists, badRequest, conflict, decodeKind, deepCopy, formatTime, gone, invalid, isObject, KObject,
  matchesFields, matchesLabels, notFound, ObjectList, parseFieldSelector, parseLabelSelector, parseUntrustedJson, qualifiedResource,
  ResourceInfo, apiVersionOf, Selector, StatusCause, uidConflict, validateMetadataOf, isRevision,
} from '@kctl/api';
import { Clock, realClock } from '@kctl/client';
import { FutureRevisionError, isCompacted, isFutureRevision, prefixEnd, Storage, StoredValue } from '../storage/store';
import { decode, decodeStored, encode } from './codec';
import { objectKey, resourcePrefix } from './keys';
import { carryServerMeta, generatedName, stampForCreate } from './object-meta';
import { ListFreshness, ListVersionQuery, planList } from './list-plan';
import { applyJsonPatch, applyMergePatch } from './patch';
import { DeleteContext, Strategy } from './strategy';

export interface ListQuery extends ListVersionQuery {
  labelSelector?: string;
  fieldSelector?: string;
}

export type { ListFreshness };

/** Lists from memory (the resource's watch cache); undefined when it cannot be as fresh as asked in time. */
export interface ListCache {
  list(namespace: string, filter: Filter, freshness: ListFreshness): Promise<{ items: KObject[]; revision: number } | undefined>;
}

export interface DeleteRequestOptions extends DeleteContext {
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: string;
}

/** Admission that needs other resources (the namespace must exist and not be terminating). */
export type NamespaceCheck = (namespace: string) => Promise<void>;

const GENERATE_NAME_ATTEMPTS = 8;

/** A selector pair parsed once per request. */
export interface Filter {
  labels: Selector;
  fields: Selector;
}

export function parseFilter(labelSelector?: string, fieldSelector?: string): Filter {
  return { labels: parseLabelSelector(labelSelector ?? ''), fields: parseFieldSelector(fieldSelector ?? '') };
}

export function matchesFilter(filter: Filter, obj: KObject): boolean {
  return matchesLabels(filter.labels, obj.metadata.labels) && matchesFields(filter.fields, obj);
}

/** The object as stored at revision: what a reader would decode, without parsing it again. */
function stamped(obj: KObject, revision: number): KObject {
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

/** Kubernetes omits empty metadata maps and lists (a patch that removed the last label leaves no `labels: {}`). */
function dropEmptyMetadata(obj: KObject): void {
  const meta = obj.metadata as Record<string, unknown>;
  for (const field of ['labels', 'annotations', 'finalizers', 'ownerReferences', 'managedFields']) {
    const value = meta[field];
    if (value === null || (Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0)) delete meta[field];
  }
}

/** A token holds a key (at most a few hundred bytes) and a revision; anything far longer was not ours. */
const MAX_CONTINUE_CHARS = 4096;

const invalidContinue = (): Error => badRequest('the continue token is not valid: pass the token from the previous page unchanged');

interface ContinueToken {
  rv: number;
  start: string;
}

/**
 * One resource's store. Objects handed to create, update and updateStatus become
 * the store's (it fills in defaults and metadata on them): pass a copy of anything
 * still in use elsewhere.
 */
export class GenericStore {
  readonly resource: string;
  private readonly qualified: string;
  private readonly kindTitle: string;
  private cache?: ListCache;

  constructor(
    readonly info: ResourceInfo,
    private readonly storage: Storage,
    private readonly strategy: Strategy,
    private readonly checkNamespace: NamespaceCheck,
    /** Creation and deletion timestamps. */
    readonly clock: Clock = realClock,
  ) {
    this.resource = info.resource;
    this.qualified = qualifiedResource(info);
    this.kindTitle = info.group ? `${info.kind}.${info.group}` : info.kind;
  }

  async get(namespace: string, name: string): Promise<KObject> {
    const stored = await this.storage.get(this.key(namespace, name));
    if (!stored) throw notFound(this.qualified, name);
    return decodeStored(stored);
  }

  async create(namespace: string, input: KObject, options: { dryRun?: boolean } = {}): Promise<KObject> {
    const obj = this.prepareIncoming(namespace, input);
    stampForCreate(obj, this.info.hasStatus, this.clock.now());
    const fixedName = !!obj.metadata.name;
    if (!fixedName) {
      if (!obj.metadata.generateName) this.fail(obj, [{ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' }]);
      obj.metadata.name = generatedName(obj.metadata.generateName ?? '');
    }
    this.strategy.defaults?.(obj);
    this.strategy.prepareForCreate?.(obj);
    this.validate(obj);
    if (this.info.namespaced) await this.checkNamespace(obj.metadata.namespace ?? '');
    if (options.dryRun) return obj;
    // A name already taken is refused before any allocation is claimed (a race still rolls back).
    if (fixedName && this.strategy.beforeCreate && (await this.storage.get(this.key(obj.metadata.namespace ?? '', obj.metadata.name ?? '')))) {
      throw alreadyExists(this.qualified, obj.metadata.name ?? '');
    }

    for (let attempt = 1; ; attempt++) {
      await this.strategy.beforeCreate?.(obj);
      const encoded = encode(obj);
      const result = await this.storage
        .create(this.key(obj.metadata.namespace ?? '', obj.metadata.name ?? ''), encoded, { ttlSeconds: this.info.ttlSeconds })
        .catch(async (err: unknown) => {
          await this.strategy.createFailed?.(obj);
          throw err;
        });
      if (result.ok) return stamped(obj, result.revision);
      await this.strategy.createFailed?.(obj);
      if (fixedName || attempt >= GENERATE_NAME_ATTEMPTS) throw alreadyExists(this.qualified, obj.metadata.name ?? '');
      obj.metadata.name = generatedName(obj.metadata.generateName ?? '');
    }
  }

  /** Replaces spec and metadata; status stays as stored for kinds with a status subresource. */
  update(namespace: string, input: KObject, options: { dryRun?: boolean } = {}): Promise<KObject> {
    return this.replace(namespace, input, false, options.dryRun ?? false);
  }

  /** Replaces status only; everything else stays as stored. */
  updateStatus(namespace: string, input: KObject): Promise<KObject> {
    if (!this.info.hasStatus) throw new Error(`${this.qualified} has no status subresource`);
    return this.replace(namespace, input, true, false);
  }

  /** Retried on the server until it lands, unless the patch sets a resourceVersion or uid that no longer holds. */
  async patch(namespace: string, name: string, patchType: string, patchJson: string, options: { status?: boolean } = {}): Promise<KObject> {
    const patch = parseUntrustedJson(patchJson, 'the patch');
    const apply = patchType === 'json' ? applyJsonPatch : patchType === 'merge' || patchType === '' ? applyMergePatch : undefined;
    if (!apply) throw badRequest(`unsupported patch type "${patchType}": use "merge" or "json"`);
    const key = this.key(namespace, name);
    // Applied afresh to the object as stored on every attempt. A resourceVersion the patch
    // sets is a precondition; one it leaves alone is the stored one and is not.
    return this.updateLoop(key, name, options.status ?? false, false, (current) => {
      const patched = apply(deepCopy(current), patch);
      if (!isObject(patched) || !isObject(patched.metadata)) throw badRequest('the patched object must be a JSON object with metadata');
      const next = this.prepareIncoming(namespace, patched as KObject);
      if (next.metadata.resourceVersion === current.metadata.resourceVersion) delete next.metadata.resourceVersion;
      return next;
    });
  }

  async delete(namespace: string, name: string, options: DeleteRequestOptions = {}): Promise<KObject> {
    const key = this.key(namespace, name);
    for (;;) {
      const stored = await this.storage.get(key);
      if (!stored) throw notFound(this.qualified, name);
      const current = decodeStored(stored);
      this.checkPreconditions(current, options.preconditions);
      const next = this.markForDeletion(current, options);
      if (next) {
        // Finalizers or a grace period hold the object: record the intent instead of removing it.
        if (JSON.stringify(next) === JSON.stringify(current)) return current;
        const encoded = encode(next);
        const result = await this.storage.update(key, encoded, stored.modRevision);
        if (!result.ok) continue;
        const marked = decode(encoded, result.revision);
        await this.strategy.afterUpdate?.(marked, current);
        return marked;
      }
      const result = await this.storage.delete(key, stored.modRevision);
      if (result.ok) {
        await this.strategy.afterDelete?.(current);
        return current;
      }
    }
  }

  /** Serves lists from the resource's watch cache where Kubernetes does (see list-plan.ts). */
  serveListsFrom(cache: ListCache): void {
    this.cache = cache;
  }

  async list(namespace: string, query: ListQuery = {}): Promise<ObjectList> {
    const filter = parseFilter(query.labelSelector, query.fieldSelector);
    const plan = planList(query);
    if (plan.source === 'cache' && this.cache) {
      const cached = await this.cache.list(namespace, filter, plan.freshness);
      if (cached) return { items: cached.items, resourceVersion: String(cached.revision), continue: '' };
    }
    // The cache could not catch up in time: etcd answers, and must still be as fresh as asked.
    const minRevision = plan.source === 'cache' && typeof plan.freshness === 'number' ? plan.freshness : 0;
    const exactRevision = plan.source === 'etcd' ? plan.exactRevision : undefined;
    const filtering = filter.labels.length + filter.fields.length > 0;
    const prefix = resourcePrefix(this.info, namespace);
    const end = prefixEnd(prefix);
    const limit = query.limit && query.limit > 0 ? query.limit : 0;
    const token = query.continue ? this.decodeContinue(query.continue, prefix) : undefined;

    let start = token?.start ?? prefix;
    let revision = token?.rv ?? exactRevision ?? 0;
    const items: KObject[] = [];
    let lastKey: string | undefined;
    let more = false;
    let remaining = -1;
    for (;;) {
      const page = await this.storage.range(start, end, { revision, limit: limit ? Math.max(limit - items.length, filtering ? 100 : 0) : 0 }).catch((err: unknown) => {
        if (isCompacted(err)) {
          throw gone(token ? 'The provided continue parameter is too old to display a consistent list result. Start a new list without the continue parameter.' : `too old resource version: ${revision}`);
        }
        if (isFutureRevision(err) && token) throw invalidContinue();
        throw err;
      });
      // etcd answers with its newest revision even for a read at an older one: keep the snapshot's.
      revision ||= page.revision;
      for (const stored of page.values) {
        if (limit && items.length >= limit) {
          more = true;
          break;
        }
        lastKey = stored.key;
        const obj = decodeStored(stored);
        if (!filtering || matchesFilter(filter, obj)) items.push(obj);
      }
      if (limit && items.length >= limit) {
        more = more || page.more;
        if (!filtering) remaining = page.count - page.values.length;
        break;
      }
      if (!page.more || !lastKey) break;
      start = lastKey + '\0';
    }
    if (revision < minRevision) throw new FutureRevisionError(minRevision, revision);
    const next = more && lastKey ? Buffer.from(JSON.stringify({ rv: revision, start: lastKey + '\0' } satisfies ContinueToken)).toString('base64url') : '';
    return { items, resourceVersion: String(revision), continue: next, remainingItemCount: next && remaining >= 0 ? remaining : undefined };
  }

  /**
   * Reads, changes and writes back the whole object (spec and status), retrying
   * when another writer got in between. For subresources such as binding and scale.
   * mutate may throw to refuse; it must not keep the object it is given.
   * A subresource that changes what a plain update may not (pods/binding sets
   * spec.nodeName) passes updateRules false: the result is validated as an object,
   * not as a transition from the stored one.
   * cached, when given, is the object as the watch cache holds it: the first try
   * writes on its resourceVersion without reading etcd (one Txn); if it was stale,
   * the failed compare returns the stored object and the next try uses that.
   */
  async guaranteedUpdate(namespace: string, name: string, mutate: (current: KObject) => KObject, options: { updateRules?: boolean; cached?: KObject } = {}): Promise<KObject> {
    const key = this.key(namespace, name);
    let stored: StoredValue | undefined;
    let old: KObject | undefined = options.cached;
    let current = options.cached === undefined;
    // Every failed compare means another write landed, so the loop makes progress; it ends
    // when the write lands or mutate refuses.
    for (;;) {
      if (!old) {
        stored ??= await this.storage.get(key);
        if (!stored) throw notFound(this.qualified, name);
        old = decodeStored(stored);
        current = true;
      }
      let next: KObject;
      try {
        next = mutate(deepCopy(old));
        carryServerMeta(next, old, this.info.hasStatus);
        this.validate(next, options.updateRules === false ? undefined : old);
      } catch (err) {
        // A refusal based on a cached copy may be stale: decide again on what etcd holds.
        if (current) throw err;
        old = stored = undefined;
        continue;
      }
      const encoded = encode(next);
      if (encoded === encode(old)) {
        if (current) return old;
        old = stored = undefined;
        continue;
      }
      const result = await this.storage.update(key, encoded, Number(old.metadata.resourceVersion));
      if (result.ok) return decode(encoded, result.revision);
      if (!result.current) throw notFound(this.qualified, name);
      stored = result.current;
      old = undefined;
    }
  }

  /** Removes an object regardless of finalizers; used once the namespace controller emptied a namespace. */
  async finalize(namespace: string, name: string): Promise<void> {
    const key = this.key(namespace, name);
    const stored = await this.storage.get(key);
    if (!stored) return;
    const result = await this.storage.delete(key, stored.modRevision);
    if (!result.ok) throw conflict(this.qualified, name);
    await this.strategy.afterDelete?.(decodeStored(stored));
  }

  key(namespace: string, name: string): string {
    return objectKey(this.info, namespace, name);
  }

  private async replace(namespace: string, input: KObject, statusOnly: boolean, dryRun: boolean): Promise<KObject> {
    const incoming = this.prepareIncoming(namespace, input);
    const name = incoming.metadata.name;
    if (!name) this.fail(incoming, [{ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name is required' }]);
    // Without a resourceVersion an update is unconditional, as Kubernetes allows for these kinds.
    return this.updateLoop(this.key(incoming.metadata.namespace ?? '', name ?? ''), name ?? '', statusOnly, dryRun, () => deepCopy(incoming));
  }

  /**
   * Writes what build makes of the stored object, as Kubernetes' GuaranteedUpdate:
   * when another writer got in between, reads again and retries, until the write
   * lands or a precondition the client gave (resourceVersion, uid) fails.
   */
  private async updateLoop(key: string, name: string, statusOnly: boolean, dryRun: boolean, build: (current: KObject) => KObject): Promise<KObject> {
    for (;;) {
      const stored = await this.storage.get(key);
      if (!stored) throw notFound(this.qualified, name);
      const old = decodeStored(stored);
      const incoming = build(old);
      const wanted = incoming.metadata.resourceVersion;
      if (wanted && wanted !== String(stored.modRevision)) throw conflict(this.qualified, name);
      if (incoming.metadata.uid && incoming.metadata.uid !== old.metadata.uid) {
        throw uidConflict(this.qualified, name, incoming.metadata.uid, old.metadata.uid);
      }

      const next = statusOnly ? { ...deepCopy(old), status: incoming.status } : incoming;
      if (statusOnly) {
        this.strategy.prepareForStatusUpdate?.(next, old);
      } else {
        carryServerMeta(next, old, this.info.hasStatus);
        this.strategy.defaults?.(next);
        this.strategy.prepareForUpdate?.(next, old);
      }
      this.validate(next, old);
      if (dryRun) return next;
      // Allocations come after validation, so a refused update claims nothing.
      await this.strategy.beforeUpdate?.(next, old);
      const encoded = encode(next);
      if (encoded === encode(old)) return old;

      // Removing the last finalizer of an object being deleted completes the delete.
      const finishDelete = !!next.metadata.deletionTimestamp && !(next.metadata.finalizers?.length) && !this.waitsForGrace(next);
      const result = finishDelete ? await this.storage.delete(key, stored.modRevision) : await this.storage.update(key, encoded, stored.modRevision);
      if (!result.ok) {
        await this.strategy.updateFailed?.(next, old);
        if (wanted) throw conflict(this.qualified, name);
        continue;
      }
      if (finishDelete) {
        await this.strategy.afterDelete?.(old);
        return next;
      }
      const updated = stamped(next, result.revision);
      await this.strategy.afterUpdate?.(updated, old);
      return updated;
    }
  }

  /**
   * Decides what a delete does: undefined removes the object now; otherwise the
   * returned copy records the intent (deletionTimestamp) while finalizers, a
   * grace period or the strategy (a namespace's own finalizers) hold it.
   */
  private markForDeletion(current: KObject, options: DeleteRequestOptions): KObject | undefined {
    const next = deepCopy(current);
    const meta = next.metadata;
    const finalizers = new Set(meta.finalizers ?? []);
    const grace = this.strategy.gracePeriod?.(current, options) ?? 0;
    const held = this.strategy.holdsDeletion?.(current) ?? false;

    if (meta.deletionTimestamp) {
      // Already being deleted: only a zero grace period changes anything.
      if (grace > 0 || held) return current;
      if (finalizers.size === 0) return undefined;
      meta.deletionGracePeriodSeconds = 0;
      return next;
    }
    if (options.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion');
    if (options.propagationPolicy === 'Orphan') finalizers.add('orphan');
    if (finalizers.size === 0 && grace === 0 && !held) return undefined;
    if (finalizers.size) meta.finalizers = [...finalizers];
    meta.deletionTimestamp = formatTime(this.clock.now() + grace * 1000);
    meta.deletionGracePeriodSeconds = grace;
    if (held) this.strategy.prepareForDeletion?.(next);
    return next;
  }

  private waitsForGrace(obj: KObject): boolean {
    return (obj.metadata.deletionGracePeriodSeconds ?? 0) > 0;
  }

  private checkPreconditions(current: KObject, pre: DeleteRequestOptions['preconditions']): void {
    const name = current.metadata.name ?? '';
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw uidConflict(this.qualified, name, pre.uid, current.metadata.uid);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(this.qualified, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
    }
  }

  /**
   * Checks apiVersion/kind, decodes strictly against the kind's schema (a fresh
   * copy: unknown or wrongly typed fields are refused) and settles the namespace
   * of an object sent by a client or produced by a patch.
   */
  private prepareIncoming(namespace: string, input: KObject): KObject {
    if (!isObject(input) || !isObject(input.metadata)) throw badRequest('the object must be a JSON object with metadata');
    const apiVersion = apiVersionOf(this.info);
    if (input.kind && input.kind !== this.info.kind) throw badRequest(`the object's kind ${input.kind} does not match the resource ${this.qualified} (kind ${this.info.kind})`);
    if (input.apiVersion && input.apiVersion !== apiVersion) throw badRequest(`the object's apiVersion ${input.apiVersion} does not match ${this.qualified} (${apiVersion})`);
    const obj = decodeKind(apiVersion, this.info.kind, input) as unknown as KObject;
    if (!isObject(obj.metadata)) throw badRequest('the object must be a JSON object with metadata');
    obj.kind = this.info.kind;
    obj.apiVersion = apiVersion;
    dropEmptyMetadata(obj);
    if (!this.info.namespaced) {
      delete obj.metadata.namespace;
      return obj;
    }
    const own = obj.metadata.namespace;
    if (own && namespace && own !== namespace) {
      throw badRequest(`the namespace of the provided object (${own}) does not match the namespace sent on the request (${namespace})`);
    }
    obj.metadata.namespace = own || namespace || 'default';
    return obj;
  }

  private validate(obj: KObject, old?: KObject): void {
    const causes = [...validateMetadataOf(this.info, obj), ...(this.strategy.validate?.(obj, old) ?? [])];
    if (old && obj.metadata.name !== old.metadata.name) causes.push({ field: 'metadata.name', reason: 'FieldValueInvalid', message: 'field is immutable' });
    if (causes.length) this.fail(obj, causes);
  }

  private fail(obj: KObject, causes: StatusCause[]): never {
    throw invalid(this.kindTitle, obj.metadata.name ?? obj.metadata.generateName ?? '', causes);
  }

  private decodeContinue(text: string, prefix: string): ContinueToken {
    if (text.length <= MAX_CONTINUE_CHARS) {
      try {
        const token = JSON.parse(Buffer.from(text, 'base64url').toString()) as Partial<ContinueToken> | null;
        if (isObject(token) && isRevision(token.rv) && typeof token.start === 'string' && token.start.startsWith(prefix)) return { rv: token.rv, start: token.start };
      } catch {
        // reported below
      }
    }
    throw invalidContinue();
  }
}

