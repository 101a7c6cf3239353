// Claims unique values (service IPs, node ports) as etcd keys, so two
// concurrent creates can never get the same one. Random probing first, then a
// scan of what is taken for nearly full ranges.
import { Storage } from '../storage/store';
import { prefixEnd } from '../storage/store';

const RANDOM_PROBES = 32;

export class KeyAllocator {
  constructor(
    private readonly storage: Storage,
    /** e.g. /registry/allocations/serviceips/ */
    private readonly prefix: string,
    private readonly size: number,
    private readonly valueAt: (index: number) => string,
  ) {}

  /** Claims value for owner; false when someone else holds it. */
  async claim(value: string, owner: string): Promise<boolean> {
    const result = await this.storage.create(this.prefix + value, owner);
    if (result.ok) return true;
    return result.current?.value === owner;
  }

  /** Claims any free value; undefined when the range is full. */
  async allocate(owner: string): Promise<string | undefined> {
    for (let i = 0; i < RANDOM_PROBES; i++) {
      const value = this.valueAt(Math.floor(Math.random() * this.size));
      if (await this.claim(value, owner)) return value;
    }
    const taken = new Set((await this.storage.range(this.prefix, prefixEnd(this.prefix), {})).values.map((v) => v.key.slice(this.prefix.length)));
    for (let i = 0; i < this.size; i++) {
      const value = this.valueAt(i);
      if (!taken.has(value) && (await this.claim(value, owner))) return value;
    }
    return undefined;
  }

  /** Releases value if owner still holds it. */
  async release(value: string, owner: string): Promise<void> {
    const stored = await this.storage.get(this.prefix + value);
    if (stored && stored.value === owner) await this.storage.delete(stored.key, stored.modRevision);
  }
}
