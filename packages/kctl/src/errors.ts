// Errors a command can end with, and how each is printed: the same words and
// exit codes kubectl uses (cmdutil.CheckErr).
import { StatusError } from '@kctl/api';

/** A plain failure, printed as `error: <message>`. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage mistake: `error: <message>` plus where to find help. */
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly commandPath?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Printed exactly as given (kubectl's connection messages have no prefix). */
export class ConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

/** Several failures from one command (apply of many objects); each printed, exit 1. */
export class ErrorList extends Error {
  constructor(readonly errors: unknown[]) {
    super(errors.map((e) => (e instanceof Error ? e.message : String(e))).join('\n'));
    this.name = 'ErrorList';
  }
}

/** Ends the command with this code; whatever needed saying was said. */
export class ExitError extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
    this.name = 'ExitError';
  }
}

/** A server error with the file it came from: `error when creating "f.yaml": ...`. */
export function withSource(err: unknown, verb: string, source: string): unknown {
  if (!(err instanceof StatusError) || !source) return err;
  return new StatusError(err.reason, `error when ${verb} "${source}": ${err.message}`, err.status.details);
}

const CONNECTION_REFUSED = 'The connection to the server ';

/** The text kubectl prints for one error (without trailing newline). */
export function formatError(err: unknown): string {
  if (err instanceof ErrorList) return err.errors.map(formatError).join('\n');
  if (err instanceof StatusError) {
    const message = err.message;
    if (err.reason === 'ServiceUnavailable' && message.startsWith(CONNECTION_REFUSED)) {
      // The client appends the transport's detail in parentheses; kubectl does not.
      return message.replace(/ \((?:[^()]|\([^()]*\))*\)$/, '');
    }
    if (err.reason === 'Timeout' && /did not answer in time$/.test(message)) {
      return `Unable to connect to the server: ${message}`;
    }
    return `Error from server (${err.reason}): ${message}`;
  }
  if (err instanceof ConnectionError) return err.message;
  if (err instanceof UsageError) {
    const help = err.commandPath ? `\nSee '${err.commandPath} -h' for help and examples` : '';
    return `error: ${err.message}${help}`;
  }
  if (err instanceof Error) return `error: ${err.message}`;
  return `error: ${String(err)}`;
}

/** The exit code for an error: 1 for everything kubectl reports, or ExitError's own. */
export function exitCodeOf(err: unknown): number {
  return err instanceof ExitError ? err.code : 1;
}
