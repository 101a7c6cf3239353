import { applyDefaults } from '../defaults';
import { findResource, ResourceInfo } from '../resources';
import { KObject } from '../types';
import { validateObject } from './index';

function info(name: string): ResourceInfo {
  const found = findResource(name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

function service(spec: Record<string, unknown>): KObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec };
}

function problems(spec: Record<string, unknown>): string[] {
  return validateObject(info('services'), service(spec)).map((c) => `${c.field}: ${c.message}`);
}

describe('Service', () => {
  it('accepts valid services, before and after defaulting', () => {
    expect(problems({ selector: { app: 'web' }, ports: [{ port: 80 }] })).toEqual([]);
    expect(
      problems({
        type: 'NodePort',
        ports: [
          { name: 'http', port: 80, targetPort: 'http', nodePort: 30080 },
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353, nodePort: 30080 },
        ],
      }),
    ).toEqual([]);
    const svc = service({ type: 'LoadBalancer', ports: [{ port: 443 }] });
    applyDefaults(info('services'), svc);
    expect(validateObject(info('services'), svc)).toEqual([]);
  });

  it('requires ports, except for headless and ExternalName services', () => {
    expect(problems({})).toEqual(['spec.ports: Required value']);
    expect(problems({ type: 'NodePort', ports: [] })).toEqual(['spec.ports: Required value']);
    expect(problems({ clusterIP: 'None', selector: { app: 'db' } })).toEqual([]);
    expect(problems({ type: 'ExternalName', externalName: 'db.example.com.' })).toEqual([]);
  });

  it('requires a valid externalName for ExternalName', () => {
    expect(problems({ type: 'ExternalName' })).toEqual(['spec.externalName: Required value']);
    expect(problems({ type: 'ExternalName', externalName: 'Not A Host' })[0]).toMatch(/^spec\.externalName: Invalid value: "Not A Host": a lowercase RFC 1123 subdomain/);
  });

  it('checks the type', () => {
    expect(problems({ type: 'Ingress', ports: [{ port: 80 }] })).toEqual([
      'spec.type: Unsupported value: "Ingress": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
  });

  it('checks port numbers', () => {
    expect(problems({ ports: [{ port: 0 }] })).toEqual(['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']);
    expect(problems({ ports: [{ port: 65536 }] })).toEqual(['spec.ports[0].port: Invalid value: 65536: must be between 1 and 65535, inclusive']);
    expect(problems({ ports: [{ name: 'x' }] })).toEqual(['spec.ports[0].port: Required value']);
  });

  it('checks the protocol', () => {
    expect(problems({ ports: [{ port: 80, protocol: 'SCTP' }] })).toEqual([]);
    expect(problems({ ports: [{ port: 80, protocol: 'tcp' }] })).toEqual(['spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"']);
  });

  it('requires unique port names, and names when there is more than one port', () => {
    expect(problems({ ports: [{ port: 80 }, { port: 443 }] })).toEqual(['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']);
    expect(problems({ ports: [{ name: 'web', port: 80 }, { name: 'web', port: 443 }] })).toEqual(['spec.ports[1].name: Duplicate value: "web"']);
    expect(problems({ ports: [{ name: 'Web', port: 80 }] })[0]).toMatch(/^spec\.ports\[0\]\.name: Invalid value: "Web": a lowercase RFC 1123 label/);
  });

  it('checks targetPort as a number or an IANA name', () => {
    expect(problems({ ports: [{ port: 80, targetPort: 8080 }] })).toEqual([]);
    expect(problems({ ports: [{ port: 80, targetPort: 'http-alt' }] })).toEqual([]);
    expect(problems({ ports: [{ port: 80, targetPort: 70000 }] })).toEqual(['spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive']);
    expect(problems({ ports: [{ port: 80, targetPort: 'HTTP' }] })).toEqual([
      'spec.ports[0].targetPort: Invalid value: "HTTP": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ports[0].targetPort: Invalid value: "HTTP": must contain at least one letter (a-z)',
    ]);
    expect(problems({ ports: [{ port: 80, targetPort: true }] })).toEqual(['spec.ports[0].targetPort: Invalid value: true: must be an integer or a port name']);
  });

  it('checks nodePort range and use', () => {
    expect(problems({ type: 'NodePort', ports: [{ port: 80, nodePort: 30000 }] })).toEqual([]);
    expect(problems({ type: 'NodePort', ports: [{ port: 80, nodePort: 32767 }] })).toEqual([]);
    expect(problems({ type: 'NodePort', ports: [{ port: 80, nodePort: 8080 }] })).toEqual([
      'spec.ports[0].nodePort: Invalid value: 8080: provided port is not in the valid range. The range of valid ports is 30000-32767',
    ]);
    expect(problems({ type: 'LoadBalancer', ports: [{ port: 80, nodePort: 32768 }] })).toHaveLength(1);
    expect(problems({ ports: [{ port: 80, nodePort: 30080 }] })).toEqual(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]);
    expect(problems({ type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }] })).toEqual([
      'spec.ports[1].nodePort: Duplicate value: 30080',
    ]);
  });

  it('checks clusterIP, selector labels and policies', () => {
    expect(problems({ clusterIP: '10.96.0.10', ports: [{ port: 53 }] })).toEqual([]);
    expect(problems({ clusterIP: '10.96.0.300', ports: [{ port: 53 }] })).toEqual([
      'spec.clusterIP: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
    expect(problems({ selector: { app: 'a b' }, ports: [{ port: 80 }] })[0]).toMatch(/^spec\.selector: Invalid value: "a b"/);
    expect(problems({ sessionAffinity: 'Sticky', ports: [{ port: 80 }] })).toEqual(['spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"']);
    expect(problems({ type: 'NodePort', externalTrafficPolicy: 'Global', ports: [{ port: 80 }] })).toEqual([
      'spec.externalTrafficPolicy: Unsupported value: "Global": supported values: "Cluster", "Local"',
    ]);
  });
});
