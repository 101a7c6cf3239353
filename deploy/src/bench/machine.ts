// The machine a benchmark ran on, for the report.
import * as fs from 'fs';
import * as os from 'os';
import { etcdVersion } from '@kctl/etcd';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  etcd: string;
  /** 1-minute load average when the run started: other work on the machine skews numbers. */
  loadAverage1m: number;
  date: string;
}

function cpuModel(): string {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.slice(line.indexOf(':') + 1).trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function machineInfo(): MachineInfo {
  return {
    cpuModel: cpuModel(),
    cores: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    etcd: etcdVersion(),
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
    date: new Date().toISOString(),
  };
}
