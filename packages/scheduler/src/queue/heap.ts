// A binary heap keyed by string, with O(log n) removal and update by key.

export class Heap<T> {
  private readonly items: T[] = [];
  private readonly index = new Map<string, number>();

  constructor(
    private readonly keyOf: (item: T) => string,
    /** True when a should come out before b. */
    private readonly less: (a: T, b: T) => boolean,
  ) {}

  get size(): number {
    return this.items.length;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.items[i];
  }

  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds item, or replaces the item with the same key and restores order. */
  push(item: T): void {
    const key = this.keyOf(item);
    const i = this.index.get(key);
    if (i !== undefined) {
      this.items[i] = item;
      this.fix(i);
      return;
    }
    this.items.push(item);
    this.index.set(key, this.items.length - 1);
    this.up(this.items.length - 1);
  }

  pop(): T | undefined {
    if (this.items.length === 0) return undefined;
    return this.removeAt(0);
  }

  delete(key: string): T | undefined {
    const i = this.index.get(key);
    return i === undefined ? undefined : this.removeAt(i);
  }

  values(): T[] {
    return [...this.items];
  }

  private removeAt(i: number): T {
    const item = this.items[i]!;
    const last = this.items.pop()!;
    this.index.delete(this.keyOf(item));
    if (i < this.items.length) {
      this.items[i] = last;
      this.index.set(this.keyOf(last), i);
      this.fix(i);
    }
    return item;
  }

  private fix(i: number): void {
    if (!this.up(i)) this.down(i);
  }

  private up(i: number): boolean {
    const item = this.items[i]!;
    let moved = false;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = this.items[parent]!;
      if (!this.less(item, p)) break;
      this.items[i] = p;
      this.index.set(this.keyOf(p), i);
      i = parent;
      moved = true;
    }
    this.items[i] = item;
    this.index.set(this.keyOf(item), i);
    return moved;
  }

  private down(i: number): void {
    const n = this.items.length;
    const item = this.items[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.less(this.items[r]!, this.items[l]!) ? r : l;
      const child = this.items[c]!;
      if (!this.less(child, item)) break;
      this.items[i] = child;
      this.index.set(this.keyOf(child), i);
      i = c;
    }
    this.items[i] = item;
    this.index.set(this.keyOf(item), i);
  }
}
