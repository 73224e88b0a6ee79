import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { kafkaJarsAreCurrent, kafkaVersionOf } from '../../services/stack/kafka-jars.ts';
import { newClusterId, readOrCreateClusterId } from '../../services/stack/kafka-storage.ts';
import { stackPaths } from '../../services/stack/paths.ts';

describe('Kafka jars and storage', () => {
  it('reads the Kafka version of infra/kafka/pom.xml', () => {
    const pom = fs.readFileSync(stackPaths({ home: '/x' }).kafkaPom, 'utf8');
    assert.match(kafkaVersionOf(pom), /^4\.\d+\.\d+$/);
  });

  it('fetches the jars again when the folder is missing, incomplete or from another pom', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pga-jars-'));
    const paths = { kafkaPom: path.join(dir, 'pom.xml'), kafkaLibDir: path.join(dir, 'lib') };
    const pom = '<project><properties><kafka.version>4.1.2</kafka.version></properties></project>';
    fs.writeFileSync(paths.kafkaPom, pom);
    assert.equal(kafkaJarsAreCurrent(paths), false, 'no folder');
    fs.mkdirSync(paths.kafkaLibDir);
    fs.writeFileSync(path.join(paths.kafkaLibDir, 'kafka_2.13-4.1.2.jar'), '');
    assert.equal(kafkaJarsAreCurrent(paths), false, 'no stamp: an interrupted copy');
    fs.writeFileSync(path.join(paths.kafkaLibDir, '.pga-complete'), pom);
    assert.equal(kafkaJarsAreCurrent(paths), true);
    fs.writeFileSync(paths.kafkaPom, pom.replace('4.1.2', '4.2.0'));
    assert.equal(kafkaJarsAreCurrent(paths), false, 'pom changed');
  });

  it('makes cluster ids in the form Kafka expects and keeps them', () => {
    for (let i = 0; i < 200; i++) assert.match(newClusterId(), /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'pga-cid-')), 'cluster-id');
    const id = readOrCreateClusterId(file);
    assert.equal(readOrCreateClusterId(file), id);
  });
});
