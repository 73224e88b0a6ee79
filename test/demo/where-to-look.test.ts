import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { whereToLook, type WhereToLook } from '../../services/demo/index.ts';

const base: WhereToLook = {
  databaseUrl: 'postgres://pga@127.0.0.1:5433/pga',
  externalDatabase: false,
  psqlFound: true,
  storageMode: 'plain',
  opsPort: 9464,
  brokers: ['127.0.0.1:9092'],
  topicPrefix: 'pga',
  ingestGroup: 'pga-ingest',
};

describe('demo "where to look next"', () => {
  it('names the psql command, the example queries, the metrics URL, Kafka and pga status', () => {
    const text = whereToLook(base).join('\n');
    assert.match(text, /psql postgres:\/\/pga@127\.0\.0\.1:5433\/pga$/m);
    assert.match(text, /FROM statements s JOIN query_texts t/);
    assert.match(text, /FROM servers ORDER BY server_id;/);
    assert.match(text, /http:\/\/127\.0\.0\.1:9464\/metrics/);
    assert.match(text, /bootstrap 127\.0\.0\.1:9092/);
    assert.match(text, /pga\.metrics\.<family>\.v1/);
    assert.match(text, /pga\.logs\.v1, dead letters pga\.deadletter\.v1/);
    assert.match(text, /pga status/);
  });

  it('never shows the password of an external database, and says how to get psql when missing', () => {
    const text = whereToLook({
      ...base,
      databaseUrl: 'postgres://app:s3cret@db.example:5432/metrics',
      externalDatabase: true,
      psqlFound: false,
    }).join('\n');
    assert.doesNotMatch(text, /s3cret/);
    assert.match(text, /psql "\$PGA_DATABASE_URL"/);
    assert.match(text, /apt-get install postgresql-client/);
  });
});
