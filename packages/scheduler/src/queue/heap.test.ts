import { Heap } from './heap';

describe('Heap', () => {
  const make = (): Heap<{ k: string; v: number }> => new Heap((i) => i.k, (a, b) => a.v < b.v);

  it('pops in order and supports delete and replace by key', () => {
    const heap = make();
    const values = [5, 3, 9, 1, 7, 2, 8, 6, 4, 0];
    for (const v of values) heap.push({ k: `k${v}`, v });
    heap.delete('k3');
    heap.push({ k: 'k9', v: -1 });
    expect(heap.has('k3')).toBe(false);
    const out: number[] = [];
    for (let i = heap.pop(); i; i = heap.pop()) out.push(i.v);
    expect(out).toEqual([-1, 0, 1, 2, 4, 5, 6, 7, 8]);
  });

  it('stays ordered under random operations', () => {
    const heap = make();
    const model = new Map<string, number>();
    let seed = 42;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let step = 0; step < 2000; step++) {
      const key = `k${rand(50)}`;
      const op = rand(3);
      if (op === 0) {
        heap.delete(key);
        model.delete(key);
      } else {
        const v = rand(1000);
        heap.push({ k: key, v });
        model.set(key, v);
      }
    }
    const out: number[] = [];
    for (let i = heap.pop(); i; i = heap.pop()) out.push(i.v);
    expect(out).toEqual([...model.values()].sort((a, b) => a - b));
  });
});
