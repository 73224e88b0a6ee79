import { Command } from 'commander';
import { errorMessage, isPgaError } from '../lib/errors.ts';
import { COMMANDS } from './commands/index.ts';

// `pga` runs every part of pgAnalytics. Each subcommand lives in services/cli/commands/<name>.ts and exports
// `register(program)`; the command's action only parses options and calls into its service.

const program = new Command('pga')
  .description('pgAnalytics: watches fleets of PostgreSQL servers and tells their operators what to fix.')
  .version(process.env.npm_package_version ?? '0.1.0')
  .showHelpAfterError('(run with --help for usage)');

for (const register of COMMANDS) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const code = isPgaError(err) ? `[${err.code}] ` : '';
  console.error(`pga: ${code}${errorMessage(err)}`);
  process.exitCode = 1;
}
