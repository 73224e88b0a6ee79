import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { z } from 'zod';
import { defaultCollectorConfig } from '../../services/api/collector-config/defaults.ts';
import {
  canonicalJson,
  configEtag,
  contentHash,
  ifMatchHolds,
  noneMatchHits,
  parseEtagList,
} from '../../services/api/collector-config/etag.ts';
import { formatPath, parseCollectorConfig } from '../../services/api/collector-config/parse.ts';
import { INSTANCE_PLUGIN_NAMES } from '../../services/api/collector-config/plugins.ts';
import { CollectorConfigSchema } from '../../services/api/collector-config/schema.ts';

// The collector configuration schema (unit: nothing running): defaults, bounds, strictness, secrets,
// cross-field rules, the documentation, the plugin list against the topic schemas, and the ETag helpers.

const DOC = readFileSync(new URL('../../docs/collector-config.md', import.meta.url), 'utf8');
const inst = (over: Record<string, unknown> = {}) => ({ name: 'a', connection: { host: 'h' }, ...over });

function issuesOf(value: unknown): string[] {
  const r = parseCollectorConfig(value);
  assert.equal(r.ok, false, `expected ${JSON.stringify(value)} to be refused`);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

test('an empty object is a complete configuration: every default written out', () => {
  const r = parseCollectorConfig({});
  assert.ok(r.ok);
  assert.deepEqual(r.config.instances, []);
  assert.equal(r.config.format_version, 1);
  assert.equal(r.config.system.interval_s, 30);
  assert.equal(r.config.kafka.compression, 'zstd');
  assert.equal(r.config.kafka.security.protocol, 'plaintext');
  assert.equal(r.config.spool.memory_max_bytes, 4 * 1024 * 1024);
  assert.equal(r.config.agent.config_poll_s, 60);
  const one = parseCollectorConfig({ instances: [inst()] });
  assert.ok(one.ok);
  const p = one.config.instances[0]!.plugins;
  assert.deepEqual(Object.keys(p), INSTANCE_PLUGIN_NAMES);
  assert.deepEqual(p.statements, { enabled: true, interval_s: 60, top_n: 5000 });
  assert.equal(p.logs.enabled, false);
  assert.equal(p.logs.redact_parameters, true);
  assert.deepEqual(one.config.instances[0]!.include_databases, ['*']);
});

test('parsing is idempotent: a stored (parsed) configuration parses to itself', () => {
  const once = defaultCollectorConfig({ kafkaBrokers: ['k:9092'], topicPrefix: 'acme' });
  const twice = parseCollectorConfig(JSON.parse(JSON.stringify(once)));
  assert.ok(twice.ok);
  assert.deepEqual(twice.config, once);
  assert.deepEqual(once.kafka.brokers, ['k:9092']);
  assert.equal(once.kafka.topic_prefix, 'acme');
  assert.equal(defaultCollectorConfig().kafka.brokers, undefined);
});

test('intervals are whole seconds from 1 s to 1 h, in every plugin', () => {
  for (const name of INSTANCE_PLUGIN_NAMES) {
    for (const bad of [0, 3601, 1.5, '10', null]) {
      const issues = issuesOf({ instances: [inst({ plugins: { [name]: { interval_s: bad } } })] });
      assert.match(
        issues[0] ?? '',
        new RegExp(`^instances\\[0\\]\\.plugins\\.${name}\\.interval_s: `),
        `${name}=${bad}`,
      );
    }
    for (const good of [1, 3600])
      assert.ok(
        parseCollectorConfig({ instances: [inst({ plugins: { [name]: { interval_s: good } } })] }).ok,
      );
  }
  assert.match(issuesOf({ system: { interval_s: 0 } })[0] ?? '', /^system\.interval_s: /);
});

test('unknown keys are refused at every level, naming the path', () => {
  assert.match(issuesOf({ extra: 1 })[0] ?? '', /^\(root\): Unrecognized key: "extra"/);
  assert.match(
    issuesOf({ instances: [inst({ plugins: { vacuum: {} } })] })[0] ?? '',
    /^instances\[0\]\.plugins: .*vacuum/,
  );
  assert.match(
    issuesOf({ instances: [inst({ plugins: { logs: { fmt: 'csv' } } })] })[0] ?? '',
    /plugins\.logs: .*fmt/,
  );
  assert.match(issuesOf({ kafka: { acks: 1 } })[0] ?? '', /^kafka: .*acks/);
  assert.match(issuesOf({ spool: { dir: '/x' } })[0] ?? '', /^spool: /);
});

test('secrets are never part of the configuration: only references to env or files', () => {
  for (const key of ['password', 'pgpassword', 'secret', 'api_token'])
    assert.match(
      issuesOf({ instances: [inst({ connection: { host: 'h', [key]: 'hunter2' } })] })[0] ?? '',
      /^instances\[0\]\.connection: secrets are not stored .*_env.*_file/,
    );
  assert.match(
    issuesOf({ kafka: { security: { sasl_password: 'x' } } })[0] ?? '',
    /^kafka\.security: secrets are not stored/,
  );
  assert.ok(
    parseCollectorConfig({ instances: [inst({ connection: { host: 'h', password_env: 'PGPASS_MAIN' } })] })
      .ok,
  );
  assert.match(
    issuesOf({ instances: [inst({ connection: { password_env: 'not a name' } })] })[0] ?? '',
    /connection\.password_env: expected an environment variable name/,
  );
  assert.match(
    issuesOf({ instances: [inst({ connection: { password_file: 'relative/path' } })] })[0] ?? '',
    /connection\.password_file: expected an absolute path/,
  );
});

test('cross-field rules: DSN xor parts, unique names and server ids, SASL and mTLS settings', () => {
  assert.deepEqual(issuesOf({ instances: [inst({ connection: { dsn_env: 'DSN', host: 'h', port: 1 } })] }), [
    'instances[0].connection.host: host goes in the DSN when dsn_env is set',
    'instances[0].connection.port: port goes in the DSN when dsn_env is set',
  ]);
  assert.match(
    issuesOf({ instances: [inst({ connection: { password_env: 'A', password_file: '/p' } })] })[0] ?? '',
    /password_file: set password_env or password_file, not both/,
  );
  assert.deepEqual(issuesOf({ instances: [inst(), inst()] }), [
    'instances[1].name: name "a" is already used by instances[0]',
  ]);
  assert.deepEqual(issuesOf({ instances: [inst({ server_id: 's' }), inst({ name: 'b', server_id: 's' })] }), [
    'instances[1].server_id: server_id "s" is already used by instances[0]',
  ]);
  assert.deepEqual(issuesOf({ kafka: { security: { protocol: 'sasl_ssl' } } }), [
    'kafka.security.sasl_mechanism: required with protocol sasl_ssl',
    'kafka.security.sasl_username: required with protocol sasl_ssl',
    'kafka.security.sasl_password_env: set exactly one of sasl_password_env and sasl_password_file with protocol sasl_ssl',
  ]);
  assert.match(
    issuesOf({ kafka: { security: { sasl_username: 'u' } } })[0] ?? '',
    /only with protocol sasl_/,
  );
  assert.match(issuesOf({ kafka: { security: { ssl_cert_file: '/c' } } })[0] ?? '', /go together \(mTLS\)/);
});

test('bounds on sizes, caps and names', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ instances: [inst({ plugins: { statements: { top_n: 10 } } })] }, /statements\.top_n/],
    [
      { instances: [inst({ plugins: { querytexts: { max_bytes: 10 * 1024 * 1024 } } })] },
      /querytexts\.max_bytes/,
    ],
    [{ instances: [inst({ max_connections: 100 })] }, /max_connections/],
    [{ instances: [inst({ name: 'has space' })] }, /instances\[0\]\.name/],
    [{ instances: [inst({ exclude_databases: [''] })] }, /exclude_databases\[0\]/],
    [
      { instances: [inst({ exclude_databases: ['db\u0000'] })] },
      /exclude_databases\[0\]: expected a glob pattern without control/,
    ],
    [
      { instances: [inst({ connection: { user: 'pga\nmonitor' } })] },
      /connection\.user: expected a name without control/,
    ],
    [{ instances: Array.from({ length: 33 }, (_, i) => inst({ name: `i${i}` })) }, /^instances: /],
    [{ kafka: { brokers: ['no-port'] } }, /kafka\.brokers\[0\]/],
    [{ kafka: { brokers: [] } }, /kafka\.brokers/],
    [{ spool: { max_bytes: 1000 } }, /spool\.max_bytes/],
    [{ agent: { heartbeat_s: 5 } }, /agent\.heartbeat_s/],
    [{ instances: [inst({ plugins: { logs: { format: 'syslog' } } })] }, /logs\.format/],
  ];
  for (const [value, path] of cases)
    assert.match(issuesOf(value)[0] ?? '', path, JSON.stringify(value).slice(0, 80));
  assert.equal(formatPath(['instances', 0, 'plugins', 'logs']), 'instances[0].plugins.logs');
});

test('the plugins cover every metric family and logs of schemas/ (system is the host plugin)', () => {
  const families = readdirSync(new URL('../../schemas/', import.meta.url))
    .map((f) => /^(?:metrics\.([a-z]+)|(logs))\.v\d+\.avsc$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => (m[1] ?? m[2]) as string)
    .sort();
  const covered = [...INSTANCE_PLUGIN_NAMES, 'system'].sort();
  assert.deepEqual(covered, families);
});

/** Every key the schema knows, at any depth. */
function keysOf(schema: z.ZodType, out = new Set<string>()): Set<string> {
  const def = (schema as unknown as { def: Record<string, unknown> }).def;
  switch (def.type) {
    case 'object':
      for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        out.add(k);
        keysOf(v, out);
      }
      break;
    case 'optional':
    case 'default':
    case 'prefault':
    case 'nullable':
      keysOf(def.innerType as z.ZodType, out);
      break;
    case 'array':
      keysOf(def.element as z.ZodType, out);
      break;
  }
  return out;
}

test('docs/collector-config.md documents every key, and its example is valid', () => {
  const keys = keysOf(CollectorConfigSchema);
  assert.ok(keys.size > 60, `found ${keys.size} keys`);
  const missing = [...keys].filter((k) => !new RegExp(`\`(?:[a-z_]+\\.)?${k}\``).test(DOC));
  assert.deepEqual(missing, [], 'keys not in the documentation');
  const example = /### Example\s+```json\n([\s\S]+?)\n```/.exec(DOC);
  assert.ok(example, 'the example block');
  const r = parseCollectorConfig(JSON.parse(example[1] as string));
  assert.ok(r.ok, JSON.stringify(!r.ok && r.issues));
});

test('ETags: canonical content hash, version-specific tags, If-Match strong and If-None-Match weak', () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: null }] }), '{"a":[{"c":null,"d":2}],"b":1}');
  assert.equal(contentHash({ a: 1, b: 2 }), contentHash({ b: 2, a: 1 }), 'key order does not matter');
  assert.notEqual(contentHash({ a: 1 }), contentHash({ a: 2 }));
  const tag = configEtag(3, { a: 1 });
  assert.match(tag, /^"3-[A-Za-z0-9_-]{22}"$/);
  assert.notEqual(configEtag(4, { a: 1 }), tag);

  assert.deepEqual(parseEtagList(`W/"a", "b"`), {
    any: false,
    tags: [
      { weak: true, opaque: '"a"' },
      { weak: false, opaque: '"b"' },
    ],
  });
  assert.equal(ifMatchHolds(undefined, tag), true, 'no header, nothing to check');
  assert.equal(ifMatchHolds(tag, tag), true);
  assert.equal(ifMatchHolds(`"x", ${tag}`, tag), true);
  assert.equal(ifMatchHolds(`W/${tag}`, tag), false, 'weak never matches strongly');
  assert.equal(ifMatchHolds('*', tag), true);
  assert.equal(ifMatchHolds('*', undefined), false, 'nothing there yet');
  assert.equal(ifMatchHolds('garbage', tag), false);
  assert.equal(noneMatchHits(undefined, tag), false);
  assert.equal(noneMatchHits(`W/${tag}`, tag), true);
  assert.equal(noneMatchHits('*', tag), true);
  assert.equal(noneMatchHits('"1-other"', tag), false);
});
