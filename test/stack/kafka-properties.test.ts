import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kafkaProperties, renderServerProperties } from '../../services/stack/kafka-properties.ts';

function parse(text: string): Map<string, string> {
  const lines = text.split('\n').filter((l) => l && !l.startsWith('#'));
  return new Map(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
}

describe('server.properties of the local broker', () => {
  const text = renderServerProperties({
    cfg: { kafkaPort: 19092, kafkaControllerPort: 19093 },
    dataDir: '/tmp/pga/kafka/data',
  });
  const props = parse(text);

  it('is a single-node KRaft broker and controller with a static quorum on the configured ports', () => {
    assert.equal(props.get('process.roles'), 'broker,controller');
    assert.equal(props.get('node.id'), '1');
    assert.equal(props.get('controller.quorum.voters'), '1@127.0.0.1:19093');
    assert.equal(props.get('listeners'), 'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    assert.equal(props.get('advertised.listeners'), 'PLAINTEXT://127.0.0.1:19092');
    assert.equal(props.get('controller.listener.names'), 'CONTROLLER');
    assert.equal(props.get('log.dirs'), '/tmp/pga/kafka/data');
  });

  it('gives the internal topics replication 1 and min ISR 1 (or groups never find a coordinator)', () => {
    assert.equal(props.get('offsets.topic.replication.factor'), '1');
    assert.equal(props.get('transaction.state.log.replication.factor'), '1');
    assert.equal(props.get('transaction.state.log.min.isr'), '1');
    assert.equal(props.get('min.insync.replicas'), '1');
  });

  it('never creates topics by accident and rebalances without delay', () => {
    assert.equal(props.get('auto.create.topics.enable'), 'false');
    assert.equal(props.get('group.initial.rebalance.delay.ms'), '0');
    assert.ok(Number(props.get('num.partitions')) >= 1);
  });

  it('writes one key=value line per property, and nothing else but the header', () => {
    const body = text.split('\n').filter((l) => l && !l.startsWith('#'));
    assert.equal(
      body.length,
      Object.keys(kafkaProperties({ cfg: { kafkaPort: 1, kafkaControllerPort: 2 }, dataDir: 'd' })).length,
    );
    assert.ok(
      body.every((l) => /^[a-z0-9.]+=\S+$/.test(l)),
      body.join('\n'),
    );
  });
});
