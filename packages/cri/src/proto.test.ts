// Guards the wire format: messages encode with the field numbers the published
// CRI api.proto gives them (a renumbered field would still "work" against
// itself, but not against containerd).
import { criMethod } from './proto';

const hex = (b: Buffer): string => b.toString('hex');

describe('CRI proto', () => {
  test('RPC paths are the runtime.v1 services', () => {
    expect(criMethod('RuntimeService', 'RunPodSandbox').path).toBe('/runtime.v1.RuntimeService/RunPodSandbox');
    expect(criMethod('ImageService', 'PullImage').path).toBe('/runtime.v1.ImageService/PullImage');
    expect(() => criMethod('RuntimeService', 'NoSuchCall')).toThrow(/missing/);
  });

  test('ExecSyncRequest: container_id = 1, cmd = 2, timeout = 3', () => {
    const bytes = criMethod('RuntimeService', 'ExecSync').requestSerialize({ containerId: 'a', cmd: ['x'], timeout: 5 });
    expect(hex(bytes)).toBe('0a0161' + '120178' + '1805');
  });

  test('StopContainerRequest: container_id = 1, timeout = 2', () => {
    expect(hex(criMethod('RuntimeService', 'StopContainer').requestSerialize({ containerId: 'c', timeout: 30 }))).toBe('0a0163' + '101e');
  });

  test('RunPodSandboxRequest: config = 1 with metadata = 1 (name 1, uid 2, namespace 3) and dns_config = 4', () => {
    const bytes = criMethod('RuntimeService', 'RunPodSandbox').requestSerialize({
      config: { metadata: { name: 'p', uid: 'u', namespace: 'n' }, dnsConfig: { servers: ['s'] } },
    });
    const metadata = '0a09' + '0a0170' + '120175' + '1a016e';
    const dns = '2203' + '0a0173';
    expect(hex(bytes)).toBe(`0a${(metadata.length / 2 + dns.length / 2).toString(16).padStart(2, '0')}${metadata}${dns}`);
  });

  test('ContainerConfig: envs = 6 as KeyValue with a string value = 2', () => {
    const bytes = criMethod('RuntimeService', 'CreateContainer').requestSerialize({ config: { envs: [{ key: 'K', value: 'V' }] } });
    // CreateContainerRequest.config = 2 { envs = 6 { key = 1, value = 2 } }
    expect(hex(bytes)).toBe('1208' + '3206' + '0a014b' + '120156');
  });

  test('ImageStatusResponse without an image decodes to null', () => {
    const decoded = criMethod('ImageService', 'ImageStatus').responseDeserialize(Buffer.alloc(0)) as { image: unknown };
    expect(decoded.image).toBeNull();
  });

  test('PodSandboxStatusResponse: status = 1 { network = 5 { ip = 1 } }, enums as names', () => {
    const status = '2a06' + '0a04' + Buffer.from('10.1').toString('hex');
    const state = '1801'; // state = 3: SANDBOX_NOTREADY
    const body = `${state}${status}`;
    const bytes = Buffer.from(`0a${(body.length / 2).toString(16).padStart(2, '0')}${body}`, 'hex');
    const decoded = criMethod('RuntimeService', 'PodSandboxStatus').responseDeserialize(bytes) as { status: { state: string; network: { ip: string } } };
    expect(decoded.status.network.ip).toBe('10.1');
    expect(decoded.status.state).toBe('SANDBOX_NOTREADY');
  });
});
