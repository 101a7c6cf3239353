// The current objects of one resource as the watch cache knows them, by key,
// with an index of pods by spec.nodeName so a kubelet's list and watch of its
// own pods do not walk every pod. Objects are shared with every reader: never
// change one in place.
import { fieldValue, KObject } from '@kctl/api';

/** The field the pod store indexes, as a field selector names it. */
export const NODE_NAME_FIELD = 'spec.nodeName';

export class ObjectStore {
  private readonly objects = new Map<string, KObject>();
  /** spec.nodeName → keys; only when indexing (pods). Unbound pods sit under "". */
  private readonly byNode?: Map<string, Set<string>>;

  constructor(indexNodeName: boolean) {
    if (indexNodeName) this.byNode = new Map();
  }

  get size(): number {
    return this.objects.size;
  }

  get indexesNodeName(): boolean {
    return this.byNode !== undefined;
  }

  get(key: string): KObject | undefined {
    return this.objects.get(key);
  }

  put(key: string, obj: KObject): void {
    const old = this.objects.get(key);
    this.objects.set(key, obj);
    if (!this.byNode) return;
    const before = old ? fieldValue(old, NODE_NAME_FIELD) : undefined;
    const after = fieldValue(obj, NODE_NAME_FIELD);
    if (before === after) return;
    if (before !== undefined) this.unindex(before, key);
    let keys = this.byNode.get(after);
    if (!keys) this.byNode.set(after, (keys = new Set()));
    keys.add(key);
  }

  delete(key: string): void {
    const old = this.objects.get(key);
    if (!old) return;
    this.objects.delete(key);
    if (this.byNode) this.unindex(fieldValue(old, NODE_NAME_FIELD), key);
  }

  clear(): void {
    this.objects.clear();
    this.byNode?.clear();
  }

  /**
   * Objects whose key starts with prefix, sorted by key (the order etcd lists in).
   * With nodeName (pods only) just the pods on that node.
   */
  list(prefix: string, nodeName?: string): KObject[] {
    const out: [string, KObject][] = [];
    if (nodeName !== undefined && this.byNode) {
      for (const key of this.byNode.get(nodeName) ?? []) if (key.startsWith(prefix)) out.push([key, this.objects.get(key)!]);
    } else {
      for (const entry of this.objects) if (entry[0].startsWith(prefix)) out.push(entry);
    }
    out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return out.map((entry) => entry[1]);
  }

  private unindex(nodeName: string, key: string): void {
    const keys = this.byNode!.get(nodeName);
    keys?.delete(key);
    if (keys?.size === 0) this.byNode!.delete(nodeName);
  }
}
