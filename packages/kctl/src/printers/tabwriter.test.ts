import { DESCRIBE_OPTIONS, TABLE_OPTIONS, TabWriter, tabulate } from './tabwriter';

describe('tabwriter (Go text/tabwriter semantics)', () => {
  test('pads every column but the last by 3, with a minimum width of 6', () => {
    expect(tabulate('NAME\tREADY\tAGE\nweb-1\t1/1\t5s\nx\t0/1\t10m\n')).toBe('NAME    READY   AGE\nweb-1   1/1     5s\nx       0/1     10m\n');
  });

  test('narrow columns are at least six wide', () => {
    expect(tabulate('A\tB\na\tb\n')).toBe('A     B\na     b\n');
  });

  test('a line with fewer cells ends the column block (describe alignment)', () => {
    const text = 'Name:\tweb\nNamespace:\tdefault\nContainers:\n  app:\n    Image:\tnginx\n    Port:\t80/TCP\n';
    expect(tabulate(text, DESCRIBE_OPTIONS)).toBe(
      'Name:       web\nNamespace:  default\nContainers:\n  app:\n    Image:  nginx\n    Port:   80/TCP\n',
    );
  });

  test('remembers widths across flushes (watch rows stay aligned)', () => {
    let out = '';
    const tw = new TabWriter({ write: (s: string) => (out += s) }, TABLE_OPTIONS);
    tw.write('NAME\tSTATUS\nlong-pod-name\tRunning\n');
    tw.flush();
    tw.write('a\tPending\n');
    tw.flush();
    expect(out).toBe('NAME            STATUS\nlong-pod-name   Running\na               Pending\n');
  });

  test('counts characters, not bytes', () => {
    expect(tabulate('ñame\tx\nab\ty\n')).toBe('ñame   x\nab     y\n');
  });
});
