import { isAlreadyExists } from '@kctl/api';
import { ApiClient } from '@kctl/client';
import { EtcdHandle, startEtcd } from '@kctl/etcd';
import { Etcd3 } from 'etcd3';
import { Forwarder, forwarderKey, startForwarder } from './forwarder';
import { configMap } from './targets';

describe('forwarder', () => {
  let etcd: EtcdHandle;
  let forwarder: Forwarder;
  let client: ApiClient;
  let raw: Etcd3;

  beforeAll(async () => {
    etcd = await startEtcd();
    forwarder = await startForwarder(etcd.endpoint);
    client = new ApiClient({ server: forwarder.address });
    raw = new Etcd3({ hosts: etcd.endpoint });
  });

  afterAll(async () => {
    raw.close();
    client.close();
    await forwarder.stop();
    await etcd.stop();
  });

  it('stores the bytes it is sent under its own prefix and answers with them', async () => {
    const sent = configMap('fwd-a');
    const answer = await client.create('configmaps', sent);
    expect(answer).toEqual(sent);
    expect(await raw.get(forwarderKey('configmaps', 'default', 'fwd-a')).string()).toBe(JSON.stringify(sent));
    expect(await raw.getAll().prefix('/registry/').keys()).toEqual([]);
  });

  it('refuses a second create of the same name with AlreadyExists, as the apiserver does', async () => {
    await client.create('configmaps', configMap('fwd-b'));
    const err: unknown = await client.create('configmaps', configMap('fwd-b')).catch((e: unknown) => e);
    expect(isAlreadyExists(err)).toBe(true);
  });
});
