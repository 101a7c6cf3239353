// kubectl describe's PrefixWriter: lines indented two spaces per level, cells
// separated by tabs and aligned by a tabwriter (minwidth 0, padding 2).
import { DESCRIBE_OPTIONS, TabWriter } from '../../printers/tabwriter';

export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;
export const LEVEL_4 = 4;

export class PrefixWriter {
  private text = '';
  private readonly tw: TabWriter | undefined;

  /** raw: tabs are written as they are (describe.NewPrefixWriter without a tabwriter, as `rollout history --revision` prints). */
  constructor(options: { raw?: boolean } = {}) {
    this.tw = options.raw ? undefined : new TabWriter({ write: (s: string) => (this.text += s) }, DESCRIBE_OPTIONS);
  }

  private put(s: string): void {
    if (this.tw) this.tw.write(s);
    else this.text += s;
  }

  /** Writes text at an indentation level ("  " per level). */
  write(level: number, text: string): void {
    this.put('  '.repeat(level) + text);
  }

  writeLine(...parts: string[]): void {
    this.put(`${parts.join(' ')}\n`);
  }

  /** Ends an alignment block (kubectl flushes before the Events table). */
  flush(): void {
    this.tw?.flush();
  }

  toString(): string {
    this.tw?.flush();
    return this.text;
  }
}
