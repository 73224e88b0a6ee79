import { ErrorCodes, PgaError } from '../lib/errors.ts';

/** A simulation option has a wrong value; the message starts with the option's name (`--servers: …`). */
export class UsageError extends PgaError {
  readonly option: string;

  constructor(option: string, message: string) {
    super(ErrorCodes.USAGE, `--${option}: ${message}`, { details: { option } });
    this.name = 'UsageError';
    this.option = option;
  }
}
