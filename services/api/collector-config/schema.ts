import { z } from 'zod';
import {
  GIB,
  KIB,
  MIB,
  absolutePath,
  boundedInt,
  brokerAddress,
  envName,
  instanceName,
  intervalS,
  patternList,
  pgHost,
  pgName,
  serverId,
} from './fields.ts';
import { InstancePlugins } from './plugins.ts';

// The configuration a collector (collector-native, `pga-agent`) pulls from GET /api/v1/config/{id}: which
// plugins run at which interval against which PostgreSQL instances, plus the host plugin, the Kafka producer,
// the on-disk spool and the agent's own timers. Documented in docs/collector-config.md.
//
// Rules: every object is strict (unknown keys refused, the error names the path); secrets are never part of
// it — passwords and keys are referenced by environment variable or file on the agent's host; every value
// has bounds and a default, and the stored configuration is the parsed one, with every default written out,
// so what the agent receives is exactly what runs.

const SECRET_KEY = /pass|secret|token|credential|private/i;

/** Strict object whose refusal of a secret-looking key explains where secrets go instead. */
function strictNoSecrets<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'unrecognized_keys' && iss.keys.some((k) => SECRET_KEY.test(k))
        ? `secrets are not stored in the configuration (${iss.keys.join(', ')}): reference them with *_env (an environment variable) or *_file (a file) on the agent's host`
        : undefined,
  });
}

export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;

/**
 * How the agent reaches one instance: either `dsn_env` (a whole libpq connection string kept in an
 * environment variable) or the parts; anything left out takes libpq's default (PGHOST, PGPORT, ~/.pgpass…).
 */
export const Connection = strictNoSecrets({
  dsn_env: envName.optional(),
  host: pgHost.optional(),
  port: z.number().int().min(1).max(65_535).optional(),
  dbname: pgName.optional(),
  user: pgName.optional(),
  password_env: envName.optional(),
  password_file: absolutePath.optional(),
  sslmode: z.enum(SSL_MODES).optional(),
  sslrootcert: absolutePath.optional(),
  connect_timeout_s: boundedInt(1, 300, 10),
}).superRefine((c, ctx) => {
  if (c.dsn_env !== undefined) {
    for (const key of ['host', 'port', 'dbname', 'user', 'password_env', 'password_file', 'sslmode'] as const)
      if (c[key] !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} goes in the DSN when dsn_env is set` });
  }
  if (c.password_env !== undefined && c.password_file !== undefined)
    ctx.addIssue({
      code: 'custom',
      path: ['password_file'],
      message: 'set password_env or password_file, not both',
    });
});

export const Instance = z
  .strictObject({
    name: instanceName,
    /** Published in every batch and used as the Kafka key; default `<agent host name>:<port>`. */
    server_id: serverId.optional(),
    connection: Connection,
    /** Databases to cover, discovered on the instance (templates are never covered). */
    include_databases: patternList(['*']),
    exclude_databases: patternList([]),
    max_databases: boundedInt(1, 10_000, 200),
    /** Long-lived connections the agent keeps to this instance (the plugins share them). */
    max_connections: boundedInt(1, 16, 3),
    statement_timeout_ms: boundedInt(100, 600_000, 5000),
    lock_timeout_ms: boundedInt(10, 60_000, 1000),
    plugins: InstancePlugins,
  })
  .meta({ id: 'CollectorInstance' });

export const SystemPlugin = z
  .strictObject({
    enabled: z.boolean().default(true),
    interval_s: intervalS(30),
    exclude_fs_types: patternList(['tmpfs', 'devtmpfs', 'overlay', 'squashfs', 'proc', 'sysfs', 'cgroup*']),
    exclude_mount_points: patternList([]),
    exclude_devices: patternList(['loop*', 'ram*']),
  })
  .prefault({});

export const KAFKA_PROTOCOLS = ['plaintext', 'ssl', 'sasl_plaintext', 'sasl_ssl'] as const;
export const SASL_MECHANISMS = ['SCRAM-SHA-256', 'SCRAM-SHA-512', 'PLAIN'] as const;

export const KafkaSecurity = strictNoSecrets({
  protocol: z.enum(KAFKA_PROTOCOLS).default('plaintext'),
  sasl_mechanism: z.enum(SASL_MECHANISMS).optional(),
  sasl_username: z.string().min(1).max(256).optional(),
  sasl_password_env: envName.optional(),
  sasl_password_file: absolutePath.optional(),
  ssl_ca_file: absolutePath.optional(),
  ssl_cert_file: absolutePath.optional(),
  ssl_key_file: absolutePath.optional(),
  ssl_key_password_env: envName.optional(),
})
  .superRefine((s, ctx) => {
    const sasl = s.protocol.startsWith('sasl_');
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (sasl) {
      if (!s.sasl_mechanism) issue('sasl_mechanism', `required with protocol ${s.protocol}`);
      if (!s.sasl_username) issue('sasl_username', `required with protocol ${s.protocol}`);
      if ((s.sasl_password_env === undefined) === (s.sasl_password_file === undefined))
        issue(
          'sasl_password_env',
          `set exactly one of sasl_password_env and sasl_password_file with protocol ${s.protocol}`,
        );
    } else {
      for (const key of [
        'sasl_mechanism',
        'sasl_username',
        'sasl_password_env',
        'sasl_password_file',
      ] as const)
        if (s[key] !== undefined) issue(key, `only with protocol sasl_plaintext or sasl_ssl`);
    }
    if ((s.ssl_cert_file === undefined) !== (s.ssl_key_file === undefined))
      issue('ssl_key_file', 'ssl_cert_file and ssl_key_file go together (mTLS)');
  })
  .prefault({});

export const Kafka = z
  .strictObject({
    /** Default: the agent's local setting (PGA_KAFKA_BROKERS). */
    brokers: z.array(brokerAddress).min(1).max(32).optional(),
    topic_prefix: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/, 'expected letters, digits, _ or - (a Kafka topic prefix)')
      .default('pga'),
    compression: z.enum(['zstd', 'lz4', 'gzip', 'snappy', 'none']).default('zstd'),
    linger_ms: boundedInt(0, 10_000, 100),
    // 256 KiB: a 5,000-statement sample (~1 MB) travels as four messages, so the agent never holds a megabyte
    // message several times over (encoded, read back from its spool, librdkafka's copy, zstd's window).
    batch_max_bytes: boundedInt(KIB, 16 * MIB, 256 * KIB),
    message_max_bytes: boundedInt(KIB, 16 * MIB, 256 * KIB),
    request_timeout_ms: boundedInt(1000, 300_000, 30_000),
    security: KafkaSecurity,
  })
  .prefault({});

export const Spool = z
  .strictObject({
    path: absolutePath.default('/var/lib/pga-agent/spool'),
    /** Cap on the on-disk spool used while Kafka is unreachable. */
    max_bytes: boundedInt(MIB, 1024 * GIB, 256 * MIB),
    /** Cap on the in-memory queue in front of the producer. */
    memory_max_bytes: boundedInt(64 * KIB, 256 * MIB, 4 * MIB),
    /** Which batches go when the spool is full (counted and logged either way). */
    on_full: z.enum(['drop_oldest', 'drop_newest']).default('drop_oldest'),
  })
  .prefault({});

export const Agent = z
  .strictObject({
    config_poll_s: boundedInt(10, 3600, 60),
    heartbeat_s: boundedInt(10, 3600, 60),
    log_level: z.enum(['error', 'warn', 'info', 'debug', 'trace']).default('info'),
  })
  .prefault({});

export const CONFIG_FORMAT_VERSION = 1;

export const CollectorConfigSchema = z
  .strictObject({
    format_version: z.literal(CONFIG_FORMAT_VERSION).default(CONFIG_FORMAT_VERSION),
    instances: z.array(Instance).max(32).default([]),
    system: SystemPlugin,
    kafka: Kafka,
    spool: Spool,
    agent: Agent,
  })
  .superRefine((c, ctx) => {
    const seen = (key: 'name' | 'server_id') => {
      const first = new Map<string, number>();
      c.instances.forEach((inst, i) => {
        const value = inst[key];
        if (value === undefined) return;
        const j = first.get(value);
        if (j === undefined) first.set(value, i);
        else
          ctx.addIssue({
            code: 'custom',
            path: ['instances', i, key],
            message: `${key} ${JSON.stringify(value)} is already used by instances[${j}]`,
          });
      });
    };
    seen('name');
    seen('server_id');
  })
  .meta({ id: 'CollectorConfig', description: 'What a collector runs: see docs/collector-config.md' });

/** A configuration as stored and served: every default written out. */
export type CollectorConfig = z.output<typeof CollectorConfigSchema>;
/** A configuration as an operator may write it: anything with a default may be left out. */
export type CollectorConfigInput = z.input<typeof CollectorConfigSchema>;
