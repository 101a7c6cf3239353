import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiClient } from '@kctl/client';
import { freePort } from '@kctl/etcd';
import { startLocalCluster } from './local-cluster';
import { assertPortFree, PortInUseError } from './ports';

/** A free port whose successor (etcd's peer port) is free too. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65535 && (await assertPortFree('127.0.0.1', port + 1, 'peer').then(() => true, () => false))) return port;
  }
}

describe('local cluster', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kctl-local-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps objects across a restart and refuses ports in use', async () => {
    const options = { dataDir: path.join(dir, 'etcd'), etcdPort: await freePortPair(), apiPort: await freePort(), log: () => undefined };
    const first = await startLocalCluster(options);
    try {
      await expect(startLocalCluster(options)).rejects.toThrow(PortInUseError);
      const client = new ApiClient({ server: first.apiserver.address });
      await client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kept', namespace: 'default' } });
      client.close();
    } finally {
      await first.stop();
    }
    expect(fs.existsSync(path.join(dir, 'etcd.log'))).toBe(true);

    const second = await startLocalCluster(options);
    try {
      const client = new ApiClient({ server: second.apiserver.address });
      const cm = await client.get('configmaps', 'default', 'kept');
      expect(cm.metadata.name).toBe('kept');
      client.close();
    } finally {
      await second.stop();
    }
  });
});
