// A port of Go's text/tabwriter (left-aligned, space padding), which kubectl uses
// for every table and for describe output. Cells are tab-terminated; the text
// after a line's last tab is not part of any column. A column block spans the
// consecutive lines that have a cell in that column, so alignment restarts after
// a line with fewer cells, exactly as in Go.

export interface TabWriterOptions {
  /** Minimal cell width including padding. */
  minWidth: number;
  /** Added to the widest cell of a column. */
  padding: number;
  /**
   * Keep column widths across flushes (liggitt/tabwriter's RememberWidths, used by
   * kubectl's table printer so `get --watch` rows stay aligned with the header).
   */
  rememberWidths?: boolean;
}

/** kubectl's table printer: printers.GetNewTabWriter (minwidth 6, padding 3). */
export const TABLE_OPTIONS: TabWriterOptions = { minWidth: 6, padding: 3, rememberWidths: true };
/** kubectl describe's PrefixWriter: tabwriter.NewWriter(out, 0, 8, 2, ' ', 0). */
export const DESCRIBE_OPTIONS: TabWriterOptions = { minWidth: 0, padding: 2 };

const width = (s: string): number => [...s].length;

export class TabWriter {
  private buffer = '';
  private maxWidths: number[] = [];

  constructor(
    private readonly out: { write(chunk: string): unknown },
    private readonly options: TabWriterOptions,
  ) {}

  write(text: string): void {
    this.buffer += text;
  }

  /** Formats and writes everything buffered so far. */
  flush(): void {
    if (!this.buffer) return;
    const text = this.buffer;
    this.buffer = '';
    this.out.write(this.format(text));
  }

  /** Forgets remembered widths (kubectl does this between resource kinds). */
  resetWidths(): void {
    this.maxWidths = [];
  }

  private format(text: string): string {
    const trailingNewline = text.endsWith('\n');
    const rawLines = text.split('\n');
    if (trailingNewline) rawLines.pop();
    const lines = rawLines.map((l) => l.split('\t'));
    const out: string[] = [];
    const { minWidth, padding, rememberWidths } = this.options;

    const writeLines = (line0: number, line1: number, widths: number[]): void => {
      for (let i = line0; i < line1; i++) {
        const cells = lines[i]!;
        let s = '';
        cells.forEach((cell, j) => {
          s += cell;
          const w = widths[j];
          if (j < widths.length && w !== undefined) s += ' '.repeat(Math.max(0, w - width(cell)));
        });
        out.push(s);
      }
    };

    const format = (line0: number, line1: number, widths: number[]): void => {
      const column = widths.length;
      for (let cur = line0; cur < line1; cur++) {
        if (column >= lines[cur]!.length - 1) continue;
        writeLines(line0, cur, widths);
        line0 = cur;
        let w = minWidth;
        for (; cur < line1; cur++) {
          const cells = lines[cur]!;
          if (column >= cells.length - 1) break;
          w = Math.max(w, width(cells[column]!) + padding);
        }
        if (rememberWidths) {
          const remembered = this.maxWidths[column];
          if (remembered !== undefined && remembered > w) w = remembered;
          this.maxWidths[column] = w;
        }
        format(line0, cur, [...widths, w]);
        line0 = cur;
      }
      writeLines(line0, line1, widths);
    };

    format(0, lines.length, []);
    return out.join('\n') + (trailingNewline ? '\n' : '');
  }
}

/** Formats a whole text at once. */
export function tabulate(text: string, options: TabWriterOptions = TABLE_OPTIONS): string {
  let result = '';
  const tw = new TabWriter({ write: (s: string) => (result += s) }, options);
  tw.write(text);
  tw.flush();
  return result;
}
