import type { Command } from 'commander';
import { loadStackConfig } from '../../lib/config/stack.ts';
import { formatStatus, stackStatus } from '../../stack/index.ts';
import { STACK_ENV_HELP } from './stack-env-help.ts';

export function register(program: Command): void {
  program
    .command('status')
    .description(
      'show whether the local Kafka and PostgreSQL run and answer, where they listen and their logs',
    )
    .option('--json', 'print the status as JSON')
    .option('--check', 'exit with status 1 unless every part is running (for scripts)')
    .addHelpText('after', STACK_ENV_HELP)
    .action(async (opts: { json?: boolean; check?: boolean }) => {
      const status = await stackStatus(loadStackConfig());
      if (opts.json) console.log(JSON.stringify(status, null, 2));
      else for (const line of formatStatus(status)) console.log(line);
      if (opts.check && status.state !== 'running') process.exitCode = 1;
    });
}
