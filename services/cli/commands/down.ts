import type { Command } from 'commander';
import { loadStackConfig } from '../../lib/config/stack.ts';
import { createProgressLogger, down } from '../../stack/index.ts';
import { STACK_ENV_HELP } from './stack-env-help.ts';

export function register(program: Command): void {
  program
    .command('down')
    .description(
      'stop the Kafka broker and PostgreSQL started by pga up (an external PGA_DATABASE_URL is never touched)',
    )
    .option('--purge', 'also delete the Kafka log folders and the PostgreSQL data folder')
    .option('--immediate', 'stop PostgreSQL without a shutdown checkpoint (crash recovery on next start)')
    .option('-q, --quiet', 'print only warnings and errors')
    .addHelpText('after', STACK_ENV_HELP)
    .action(async (opts: { purge?: boolean; immediate?: boolean; quiet?: boolean }) => {
      const log = createProgressLogger(opts.quiet ? 'warn' : undefined);
      await down(loadStackConfig(), log, {
        purge: opts.purge ?? false,
        postgresMode: opts.immediate ? 'immediate' : 'fast',
      });
    });
}
