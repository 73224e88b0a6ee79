import type { StackConfig } from '../lib/config/stack.ts';

// server.properties of the single-node KRaft broker: one process is broker and controller, node 1, with a
// static quorum (so no --standalone formatting). Every internal topic has replication 1 and min ISR 1, or
// consumer groups and transactions never find their coordinator on one node. Topics are created by
// `pga up` with their own partitions and configs, never by accident (auto.create.topics.enable=false).

export interface KafkaPropertiesInput {
  cfg: Pick<StackConfig, 'kafkaPort' | 'kafkaControllerPort'>;
  dataDir: string;
}

export function kafkaProperties({ cfg, dataDir }: KafkaPropertiesInput): Record<string, string> {
  return {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${cfg.kafkaControllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${cfg.kafkaPort},CONTROLLER://127.0.0.1:${cfg.kafkaControllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${cfg.kafkaPort}`,
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'log.dirs': dataDir,
    'num.partitions': '3',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '10',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '10',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'auto.create.topics.enable': 'false',
    'delete.topic.enable': 'true',
    'group.initial.rebalance.delay.ms': '0',
    // Two cores: few threads, modest buffers.
    'num.network.threads': '2',
    'num.io.threads': '4',
    'num.recovery.threads.per.data.dir': '1',
    'log.retention.hours': '72',
    'log.segment.bytes': String(256 * 1024 * 1024),
    'log.retention.check.interval.ms': '300000',
    'message.max.bytes': String(8 * 1024 * 1024),
    'replica.fetch.max.bytes': String(8 * 1024 * 1024),
  };
}

export function renderProperties(
  props: Record<string, string>,
  header = 'Written by `pga up`; edits are overwritten.',
): string {
  const lines = [`# ${header}`];
  for (const [k, v] of Object.entries(props)) lines.push(`${k}=${v.replace(/\\/g, '\\\\')}`);
  return `${lines.join('\n')}\n`;
}

export function renderServerProperties(input: KafkaPropertiesInput): string {
  return renderProperties(kafkaProperties(input));
}
