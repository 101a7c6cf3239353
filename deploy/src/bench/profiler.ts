// A V8 CPU profile of one stretch of a process's life (not all of it, as
// `node --cpu-prof` gives), through the inspector: start(), then stop(file).
// Summarize the file with cpuprofile-top.js.
import * as fs from 'fs';
import { Session } from 'inspector';
import * as path from 'path';

export class PhaseProfiler {
  private session?: Session;

  private post(method: string, params: object = {}): Promise<unknown> {
    const session = this.session;
    if (!session) return Promise.reject(new Error('profiler not started'));
    return new Promise((resolve, reject) => session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))));
  }

  get running(): boolean {
    return this.session !== undefined;
  }

  async start(): Promise<void> {
    if (this.session) return;
    this.session = new Session();
    this.session.connect();
    await this.post('Profiler.enable');
    // 1 ms between samples (V8's default), so 10 s of work gives ~10,000 samples.
    await this.post('Profiler.setSamplingInterval', { interval: 1000 });
    await this.post('Profiler.start');
  }

  /** Stops profiling and writes the .cpuprofile file; returns its path. */
  async stop(file: string): Promise<string> {
    const { profile } = (await this.post('Profiler.stop')) as { profile: unknown };
    this.session?.disconnect();
    this.session = undefined;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(profile));
    return file;
  }
}
