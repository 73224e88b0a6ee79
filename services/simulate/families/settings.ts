import type { Random } from '../random.ts';
import type { ServerProfile } from '../server-profile.ts';
import type { FamilyFactory } from './family.ts';

// metrics.settings.v1: the full pg_settings list, sent on the agent's first sample, whenever a setting
// changed (rarely: an operator tunes work_mem, a log threshold, autovacuum) and at least once a day.

interface Setting {
  name: string;
  setting: string;
  unit: string | null;
  context: string;
  vartype: string;
  boot: string;
  /** Values an operator may switch to; empty for settings left alone. */
  alternatives: string[];
}

function baseSettings(rng: Random, server: ServerProfile): Setting[] {
  const memMb = server.memoryBytes / 1024 ** 2;
  const s = (
    name: string,
    setting: string,
    unit: string | null,
    context: string,
    vartype: string,
    boot = setting,
    alternatives: string[] = [],
  ): Setting => ({
    name,
    setting,
    unit,
    context,
    vartype,
    boot,
    alternatives,
  });
  return [
    s('server_version_num', String(server.pgVersionNum), null, 'internal', 'integer'),
    s('max_connections', String(server.maxConnections), null, 'postmaster', 'integer', '100'),
    s('shared_buffers', String(Math.round((memMb / 4) * 128)), '8kB', 'postmaster', 'integer', '16384', [
      String(Math.round((memMb / 4) * 128)),
      String(Math.round((memMb / 3) * 128)),
    ]),
    s('effective_cache_size', String(Math.round((memMb * 3) / 4) * 128), '8kB', 'user', 'integer', '524288'),
    s('work_mem', String(rng.pick([4096, 8192, 16384, 65536])), 'kB', 'user', 'integer', '4096', [
      '4096',
      '8192',
      '16384',
      '32768',
      '65536',
    ]),
    s('maintenance_work_mem', '524288', 'kB', 'user', 'integer', '65536', ['262144', '524288', '1048576']),
    s('random_page_cost', rng.pick(['1.1', '4']), null, 'user', 'real', '4', ['1.1', '1.5', '4']),
    s('effective_io_concurrency', '200', null, 'user', 'integer', '1'),
    s('max_wal_size', '1024', 'MB', 'sighup', 'integer', '1024', ['1024', '2048', '4096', '8192']),
    s('min_wal_size', '80', 'MB', 'sighup', 'integer'),
    s('checkpoint_timeout', '300', 's', 'sighup', 'integer', '300', ['300', '600', '900']),
    s('checkpoint_completion_target', '0.9', null, 'sighup', 'real'),
    s(
      'wal_level',
      server.standbyIds.length > 0 ? 'logical' : 'replica',
      null,
      'postmaster',
      'enum',
      'replica',
    ),
    s('max_wal_senders', '10', null, 'postmaster', 'integer'),
    s('hot_standby', 'on', null, 'postmaster', 'bool'),
    s('hot_standby_feedback', server.standby ? 'on' : 'off', null, 'sighup', 'bool', 'off'),
    s('autovacuum', 'on', null, 'sighup', 'bool'),
    s('autovacuum_max_workers', '3', null, 'postmaster', 'integer'),
    s('autovacuum_naptime', '60', 's', 'sighup', 'integer'),
    s('autovacuum_vacuum_scale_factor', '0.2', null, 'sighup', 'real', '0.2', ['0.2', '0.1', '0.05']),
    s('autovacuum_analyze_scale_factor', '0.1', null, 'sighup', 'real', '0.1', ['0.1', '0.05', '0.02']),
    s('autovacuum_freeze_max_age', '200000000', null, 'postmaster', 'integer'),
    s('log_min_duration_statement', '1000', 'ms', 'superuser', 'integer', '-1', [
      '-1',
      '250',
      '500',
      '1000',
      '5000',
    ]),
    s('log_autovacuum_min_duration', '600000', 'ms', 'sighup', 'integer', '600000', ['0', '1000', '600000']),
    s('log_checkpoints', 'on', null, 'sighup', 'bool'),
    s('log_connections', 'off', null, 'superuser-backend', 'bool', 'off', ['on', 'off']),
    s('log_lock_waits', 'on', null, 'superuser', 'bool', 'off'),
    s('log_temp_files', '0', 'kB', 'superuser', 'integer', '-1'),
    s('log_destination', 'jsonlog', null, 'sighup', 'string', 'stderr'),
    s('track_io_timing', 'on', null, 'superuser', 'bool', 'off'),
    s('track_activity_query_size', '4096', 'B', 'postmaster', 'integer', '1024'),
    s('shared_preload_libraries', 'pg_stat_statements', null, 'postmaster', 'string', ''),
    s('pg_stat_statements.max', String(server.statementsMax), null, 'postmaster', 'integer', '5000'),
    s('pg_stat_statements.track', 'top', null, 'superuser', 'enum'),
    s('compute_query_id', 'auto', null, 'superuser', 'enum'),
    s('statement_timeout', '0', 'ms', 'user', 'integer', '0', ['0', '30000', '60000']),
    s('idle_in_transaction_session_timeout', '0', 'ms', 'user', 'integer', '0', ['0', '60000', '300000']),
    s('jit', 'on', null, 'user', 'bool', 'on', ['on', 'off']),
    s('default_statistics_target', '100', null, 'user', 'integer', '100', ['100', '500']),
    s('synchronous_commit', 'on', null, 'user', 'enum'),
    s('timezone', 'UTC', null, 'user', 'string', 'GMT'),
  ];
}

export const settingsFamily: FamilyFactory = (rng, server, options) => {
  const settings = baseSettings(rng, server);
  const changeable = settings.filter((s) => s.alternatives.length > 0);
  const daily = Math.max(1, Math.round(86_400 / options.intervalSeconds));
  let lastSent = -1;
  // A postmaster setting edited in the configuration keeps its value until a restart the simulation never
  // does: pending_restart stays true.
  const pendingRestart = new Set<string>();
  return {
    family: 'settings',
    snapshot: true,
    hostOnly: false,
    next(ctx) {
      let changed = false;
      if (ctx.index > 0 && rng.chance(0.002)) {
        const s = rng.pick(changeable);
        const next = rng.pick(s.alternatives.filter((v) => v !== s.setting));
        if (s.context === 'postmaster') pendingRestart.add(s.name);
        else s.setting = next;
        changed = true;
      }
      if (!(lastSent < 0 || changed || ctx.index - lastSent >= daily)) return undefined;
      lastSent = ctx.index;
      return {
        settings: settings.map((s) => ({
          name: s.name,
          setting: s.setting,
          unit: s.unit,
          source: s.setting === s.boot ? 'default' : 'configuration file',
          boot_val: s.boot,
          reset_val: s.setting,
          pending_restart: pendingRestart.has(s.name),
          context: s.context,
          vartype: s.vartype,
        })),
      };
    },
  };
};
