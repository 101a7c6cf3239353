import { parseResourceArgs } from './resource-args';

const summary = (args: string[]) => {
  const r = parseResourceArgs(args);
  return { requests: r.requests.map((q) => `${q.info.resource}:${q.names.join('+')}`), single: r.singleItemImplied, multi: r.multipleTypes };
};

describe('resource arguments', () => {
  test('type and names, short names, comma lists, TYPE/NAME, all', () => {
    expect(summary(['po'])).toEqual({ requests: ['pods:'], single: false, multi: false });
    expect(summary(['deploy', 'web'])).toEqual({ requests: ['deployments:web'], single: true, multi: false });
    expect(summary(['pods', 'a', 'b'])).toEqual({ requests: ['pods:a+b'], single: false, multi: false });
    expect(summary(['po,svc'])).toEqual({ requests: ['pods:', 'services:'], single: false, multi: true });
    expect(summary(['pod/a', 'svc/b', 'pod/c'])).toEqual({ requests: ['pods:a+c', 'services:b'], single: false, multi: true });
    expect(summary(['deployment.apps/web'])).toEqual({ requests: ['deployments:web'], single: true, multi: false });
    expect(summary(['all'])).toEqual({ requests: ['pods:', 'services:', 'deployments:', 'replicasets:'], single: false, multi: true });
  });

  test('errors worded as kubectl', () => {
    expect(() => parseResourceArgs(['foo'])).toThrow('the server doesn\'t have a resource type "foo"');
    expect(() => parseResourceArgs(['pod/a', 'b'])).toThrow(/there is no need to specify a resource type as a separate argument/);
    expect(() => parseResourceArgs(['pods', 'pod/a'])).toThrow(/there is no need to specify a resource type/);
  });
});
