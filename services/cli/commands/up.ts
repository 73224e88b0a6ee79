import type { Command } from 'commander';
import { loadStackConfig } from '../../lib/config/stack.ts';
import { createProgressLogger, up } from '../../stack/index.ts';
import { STACK_ENV_HELP } from './stack-env-help.ts';

export function register(program: Command): void {
  program
    .command('up')
    .description(
      'start the local stack (Kafka in KRaft mode and PostgreSQL 18) and create the topics; idempotent',
    )
    .option('-q, --quiet', 'print only warnings and errors')
    .option('--json', 'print the outcome as JSON on stdout (progress goes to stderr)')
    .addHelpText('after', STACK_ENV_HELP)
    .action(async (opts: { quiet?: boolean; json?: boolean }) => {
      const cfg = loadStackConfig();
      const write = opts.json ? (l: string) => process.stderr.write(l) : undefined;
      const log = createProgressLogger(opts.quiet ? 'warn' : undefined, write);
      const result = await up(cfg, log);
      if (opts.json) console.log(JSON.stringify(result, null, 2));
    });
}
