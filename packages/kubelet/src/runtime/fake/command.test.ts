import { behaviourOf, echoOutput } from './command';

describe('behaviourOf', () => {
  it('runs servers and unknown commands until stopped', () => {
    expect(behaviourOf([])).toEqual({ kind: 'run' });
    expect(behaviourOf(['nginx', '-g', 'daemon off;'])).toEqual({ kind: 'run' });
    expect(behaviourOf(['sleep', 'infinity'])).toEqual({ kind: 'run' });
  });

  it('exits at once for true, false and exit N', () => {
    expect(behaviourOf(['true'])).toEqual({ kind: 'exit', afterMs: 0, code: 0 });
    expect(behaviourOf(['false'])).toEqual({ kind: 'exit', afterMs: 0, code: 1 });
    expect(behaviourOf(['sh', '-c', 'exit 3'])).toEqual({ kind: 'exit', afterMs: 0, code: 3 });
  });

  it('adds up sleeps before an exit and treats a lone sleep as finishing well', () => {
    expect(behaviourOf(['sleep', '5'])).toEqual({ kind: 'exit', afterMs: 5000, code: 0 });
    expect(behaviourOf(['/bin/sh', '-c', 'echo hi; sleep 2 && sleep 0.5; exit 7'])).toEqual({ kind: 'exit', afterMs: 2500, code: 7 });
    expect(behaviourOf(['sh', '-c', 'sleep 1; httpd -f'])).toEqual({ kind: 'run' });
  });
});

describe('echoOutput', () => {
  it('prints what the echo steps say, up to the first other command', () => {
    expect(echoOutput(['echo', 'hello', 'world'])).toBe('hello world\n');
    expect(echoOutput(['sh', '-c', 'echo one; sleep 1; echo two; exit 3'])).toBe('one\ntwo\n');
    expect(echoOutput(['sh', '-c', 'cat /x; echo never'])).toBe('');
  });
});
