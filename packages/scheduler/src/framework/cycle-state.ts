// Per-pod scratch space for one scheduling cycle: PreFilter and PreScore store
// what they computed once, Filter and Score read it for every node (so reads
// are array lookups by the key's slot, not hashing).

/** A typed key: plugins own their keys, so they cannot read each other's data by accident. */
export interface StateKey<T> {
  readonly name: string;
  /** Index into every CycleState's slots. */
  readonly slot: number;
  /** Only carries the type. */
  readonly __type?: T;
}

let nextSlot = 0;

export function stateKey<T>(name: string): StateKey<T> {
  return { name, slot: nextSlot++ };
}

export class CycleState {
  private readonly slots: unknown[] = [];
  /** Plugins whose PreFilter/PreScore answered Skip in this cycle. */
  readonly skipFilter = new Set<string>();
  readonly skipScore = new Set<string>();

  write<T>(key: StateKey<T>, value: T): void {
    this.slots[key.slot] = value;
  }

  read<T>(key: StateKey<T>): T | undefined {
    return this.slots[key.slot] as T | undefined;
  }
}
