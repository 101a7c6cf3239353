// The runtime the kubelet's flags name, and how to let go of it on exit.
import type { KubeletFlags } from '../flags';
import { CriRuntime } from './cri/cri-runtime';
import { FakeRuntime } from './fake/fake-runtime';
import type { ContainerRuntime } from './runtime';

export interface SelectedRuntime {
  runtime: ContainerRuntime;
  /** Closes the runtime's connection, if it has one. */
  close(): void;
}

export function runtimeFromFlags(flags: Pick<KubeletFlags, 'runtime' | 'runtimeEndpoint' | 'podIPPrefix'>): SelectedRuntime {
  if (flags.runtime === 'cri') {
    const runtime = new CriRuntime({ endpoint: flags.runtimeEndpoint });
    return { runtime, close: () => runtime.close() };
  }
  return { runtime: new FakeRuntime({ podIPPrefix: flags.podIPPrefix }), close: () => {} };
}
