import * as net from 'net';
import { assertPortFree, PortInUseError } from './ports';

describe('assertPortFree', () => {
  it('passes for a free port and names a taken one', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await expect(assertPortFree('127.0.0.1', port, 'test port')).rejects.toThrow(PortInUseError);
    await expect(assertPortFree('127.0.0.1', port, 'test port')).rejects.toThrow(`127.0.0.1:${port} (test port) is already in use`);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await expect(assertPortFree('127.0.0.1', port, 'test port')).resolves.toBeUndefined();
  });
});
