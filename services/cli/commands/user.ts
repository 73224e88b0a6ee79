import type { Command } from 'commander';
import { addUser } from '../../api/add-user.ts';
import { loadStackConfig } from '../../lib/config/stack.ts';
import { ErrorCodes, PgaError } from '../../lib/errors.ts';

// `pga user add`: never prompts (scripts and containers run it); the password comes from stdin or from
// PGA_USER_PASSWORD and is never printed.

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function register(program: Command): void {
  const user = program.command('user').description('manage API users directly in the database');
  user
    .command('add')
    .description(
      'Create a user and print their id. The password is read from stdin (--password-stdin) or from ' +
        'PGA_USER_PASSWORD; at least 12 characters.\n' +
        'Example: printf %s "$PASSWORD" | pga user add --email ops@example.com --role admin --password-stdin',
    )
    .requiredOption('--email <email>', 'the e-mail address the user signs in with')
    .requiredOption('--role <role>', 'viewer, operator or admin')
    .option('--password-stdin', 'read the password from stdin')
    .action(async (opts: { email: string; role: string; passwordStdin?: boolean }) => {
      const password = opts.passwordStdin ? await readStdin() : process.env.PGA_USER_PASSWORD;
      if (!password)
        throw new PgaError(
          ErrorCodes.USAGE,
          'no password: pipe it on stdin with --password-stdin, or set PGA_USER_PASSWORD',
        );
      const created = await addUser(loadStackConfig().databaseUrl, {
        email: opts.email,
        role: opts.role,
        password,
      });
      console.log(created.userId);
    });
}
