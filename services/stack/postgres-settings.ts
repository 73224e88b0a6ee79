import type { StackConfig } from '../lib/config/stack.ts';

// Settings of the project's own PostgreSQL, written to <pgdata>/pga-stack.conf on every start (postgresql.conf
// includes it), so a changed PGA_PG_PORT applies on the next `pga up`. pg_stat_statements is preloaded and
// tracks nested statements; I/O and function timing are on because the collector reports them.

export interface PostgresSettingsInput {
  cfg: Pick<StackConfig, 'pgPort'>;
  socketDir: string;
}

export function postgresSettings({ cfg, socketDir }: PostgresSettingsInput): Record<string, string> {
  return {
    port: String(cfg.pgPort),
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDir,
    max_connections: '200',
    shared_buffers: '256MB',
    // Bulk COPY fills WAL fast; a larger max_wal_size keeps checkpoints from being forced every few seconds.
    max_wal_size: '2GB',
    fsync: 'on',
    shared_preload_libraries: 'pg_stat_statements',
    'pg_stat_statements.track': 'all',
    'pg_stat_statements.max': '10000',
    track_io_timing: 'on',
    track_functions: 'all',
    track_activity_query_size: '4096',
    // Server messages go to stderr, which pg_ctl -l sends to <PGA_HOME>/postgres/postgres.log.
    logging_collector: 'off',
    log_destination: 'stderr',
    log_line_prefix: '%m [%p] %q%u@%d ',
    log_min_duration_statement: '1000',
    log_checkpoints: 'on',
    log_lock_waits: 'on',
    log_temp_files: '0',
    log_autovacuum_min_duration: '10s',
  };
}

function quote(value: string): string {
  return /^[0-9]+$|^(on|off)$/.test(value) ? value : `'${value.replace(/'/g, "''")}'`;
}

export function renderPostgresSettings(input: PostgresSettingsInput): string {
  const lines = [
    '# Written by `pga up` on every start; edits are overwritten. Put your own in postgresql.auto.conf.',
  ];
  for (const [k, v] of Object.entries(postgresSettings(input))) lines.push(`${k} = ${quote(v)}`);
  return `${lines.join('\n')}\n`;
}

/** Trust, and only from this machine: the socket folder (owned by the PostgreSQL user) and 127.0.0.1. */
export function renderPgHba(): string {
  return [
    '# Written by `pga up`. Local development stack: trust authentication, reachable only from this machine.',
    '# TYPE  DATABASE  USER  ADDRESS       METHOD',
    'local   all       all                 trust',
    'host    all       all   127.0.0.1/32  trust',
    '',
  ].join('\n');
}
