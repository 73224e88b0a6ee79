import type { Command } from 'commander';
import { loadStackConfig } from '../../lib/config/stack.ts';
import { topicName, topicSpecs } from '../../lib/kafka/topics.ts';
import { createProgressLogger, ensureTopics } from '../../stack/index.ts';

// `pga up` creates the topics of the local broker; a deployment (infra/deploy/compose.yaml) runs this
// command once against its own brokers, since auto-creation is off everywhere.
export function register(program: Command): void {
  program
    .command('topics')
    .description(
      'create or update every pgAnalytics topic (partitions, retention, compaction) on PGA_KAFKA_BROKERS',
    )
    .option('--list', 'only print the topics with their partitions and configs, change nothing')
    .option('-q, --quiet', 'print only warnings and errors')
    .addHelpText(
      'after',
      '\nEnvironment: PGA_KAFKA_BROKERS (default 127.0.0.1:9092), PGA_TOPIC_PREFIX (default pga)',
    )
    .action(async (opts: { list?: boolean; quiet?: boolean }) => {
      const cfg = loadStackConfig();
      if (opts.list) {
        for (const s of topicSpecs()) {
          const configs = Object.entries(s.config).map(([k, v]) => `${k}=${v}`);
          console.log(
            `${topicName(cfg.topicPrefix, s.stream)}  partitions=${s.partitions}  ${configs.join(' ')}`,
          );
        }
        return;
      }
      await ensureTopics(cfg, createProgressLogger(opts.quiet ? 'warn' : undefined));
    });
}
