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
  private readonly tw: TabWriter;

  constructor() {
    this.tw = new TabWriter({ write: (s: string) => (this.text += s) }, DESCRIBE_OPTIONS);
  }

  /** Writes text at an indentation level ("  " per level). */
  write(level: number, text: string): void {
    this.tw.write('  '.repeat(level) + text);
  }

  writeLine(...parts: string[]): void {
    this.tw.write(`${parts.join(' ')}\n`);
  }

  /** Ends an alignment block (kubectl flushes before the Events table). */
  flush(): void {
    this.tw.flush();
  }

  toString(): string {
    this.tw.flush();
    return this.text;
  }
}
