// A fixed machine for tests, so nothing depends on the host running them.
import type { MachineInfo } from './machine-info';

export const TEST_MACHINE: MachineInfo = {
  cpus: 4,
  memoryBytes: 8 * 1024 * 1024 * 1024,
  kernelVersion: '6.1.0-test',
  osImage: 'Debian GNU/Linux 12 (bookworm)',
  operatingSystem: 'linux',
  architecture: 'amd64',
  machineID: 'machine-1',
  systemUUID: 'uuid-1',
  bootID: 'boot-1',
  ephemeralStorageBytes: 0,
};
