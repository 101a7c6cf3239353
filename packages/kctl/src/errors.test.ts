import { StatusError, notFound, alreadyExists, unavailable } from '@kctl/api';
import { CliError, ErrorList, formatError, UsageError, withSource } from './errors';

describe('error output', () => {
  test('server errors', () => {
    expect(formatError(notFound('pods', 'x'))).toBe('Error from server (NotFound): pods "x" not found');
    expect(formatError(withSource(alreadyExists('deployments.apps', 'web'), 'creating', 'f.yaml'))).toBe(
      'Error from server (AlreadyExists): error when creating "f.yaml": deployments.apps "web" already exists',
    );
    expect(formatError(new StatusError('Gone', 'too old resource version: 1 (5)'))).toBe('Error from server (Gone): too old resource version: 1 (5)');
  });

  test('an unreachable server reads like kubectl, without the transport detail', () => {
    const err = unavailable('The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port? (No connection established. Last error: connect ECONNREFUSED 127.0.0.1:6443 (2024-01-01T00:00:00.000Z))');
    expect(formatError(err)).toBe('The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?');
  });

  test('client errors', () => {
    expect(formatError(new CliError('boom'))).toBe('error: boom');
    expect(formatError(new UsageError('no type', 'kctl get'))).toBe("error: no type\nSee 'kctl get -h' for help and examples");
    expect(formatError(new ErrorList([new CliError('a'), notFound('pods', 'b')]))).toBe('error: a\nError from server (NotFound): pods "b" not found');
  });
});
