import type { FamilyFactory } from './family.ts';

// metrics.system.v1: the database host from /proc and statvfs. CPU follows the statements' execution time,
// disk I/O the blocks read and written and the WAL, network the rows returned; the data filesystem fills
// slowly as tables grow.

export const systemFamily: FamilyFactory = (rng, server) => {
  const disks = rng.chance(0.5) ? ['nvme0n1', 'nvme1n1'] : ['nvme0n1'];
  const separateWal = disks.length > 1;
  let load1 = server.cpus * 0.2;
  let load5 = load1;
  let load15 = load1;
  let dataUsed = server.diskBytes * rng.uniform(0.2, 0.6);
  const walUsed = 1024 ** 3 * rng.uniform(1, 4);
  const cached = server.memoryBytes * rng.uniform(0.4, 0.6);
  return {
    family: 'system',
    snapshot: false,
    hostOnly: true,
    next(ctx) {
      const { activity, tables } = ctx;
      const t = activity.total;
      const seconds = activity.seconds;
      // Execution time is CPU for the part served from memory, I/O wait for the reads.
      const busyCpuSeconds = t.execMs / 1000;
      const cpuShare = Math.min(
        0.95,
        busyCpuSeconds / (server.cpus * seconds) + 0.03 * rng.logNormal(1, 0.3),
      );
      const user = cpuShare * 0.75 * 100;
      const system = cpuShare * 0.25 * 100;
      const iowait = Math.min(100 - user - system, (t.blkReadTimeMs / 1000 / (server.cpus * seconds)) * 100);
      const steal = rng.chance(0.1) ? rng.uniform(0, 2) : 0;
      const runnable = busyCpuSeconds / seconds;
      const decay = (avg: number, window: number) =>
        avg + (runnable - avg) * (1 - Math.exp(-seconds / window));
      load1 = decay(load1, 60);
      load5 = decay(load5, 300);
      load15 = decay(load15, 900);
      const cpu = {
        user_pct: user,
        system_pct: system,
        iowait_pct: iowait,
        idle_pct: Math.max(0, 100 - user - system - iowait - steal),
        steal_pct: steal,
        load1,
        load5,
        load15,
        cpus: server.cpus,
        context_switches: Math.round(t.calls * 4 + seconds * 2000),
        procs_running: Math.max(1, Math.round(runnable * rng.logNormal(1, 0.3))),
        procs_blocked: rng.poisson(iowait / 20),
        reset: false,
      };
      const shared = server.memoryBytes / 4;
      const used = shared + server.memoryBytes * 0.1 * rng.logNormal(1, 0.1);
      const free = Math.max(0, server.memoryBytes - used - cached);
      const memory = {
        total_bytes: server.memoryBytes,
        available_bytes: Math.round(server.memoryBytes - used),
        used_bytes: Math.round(used),
        free_bytes: Math.round(free),
        cached_bytes: Math.round(cached),
        buffers_bytes: Math.round(server.memoryBytes * 0.01),
        shared_bytes: Math.round(shared),
        swap_total_bytes: 0,
        swap_used_bytes: 0,
        dirty_bytes: Math.round(t.dirtied * 8192 * 0.05),
      };
      const readBytes = t.blksRead * 8192 * 0.3; // most PostgreSQL reads are served by the page cache
      const writeBytes = (t.written + t.dirtied * 0.5) * 8192;
      const diskRows = disks.map((device, i) => {
        const wal = separateWal ? i === 1 : true;
        const rb = Math.round(wal && separateWal ? 0 : readBytes);
        const wb = Math.round((wal ? t.walBytes : 0) + (i === 0 ? writeBytes : 0));
        const reads = Math.round(rb / 16384);
        const writes = Math.round(wb / 32768) + rng.poisson(seconds);
        return {
          device,
          reads,
          writes,
          read_bytes: rb,
          write_bytes: wb,
          read_time_ms: Math.round(reads * 0.1),
          write_time_ms: Math.round(writes * 0.05),
          io_time_ms: Math.min(seconds * 1000, Math.round(reads * 0.08 + writes * 0.04)),
          in_flight: rng.poisson(0.3),
          reset: false,
        };
      });
      const tableBytes = tables.tables.reduce((s, x) => s + x.heapBytes + x.toastBytes, 0);
      dataUsed = Math.min(server.diskBytes * 0.98, Math.max(dataUsed, tableBytes * 1.3));
      const fs = (
        mountpoint: string,
        device: string,
        total: number,
        usedBytes: number,
        pgUsage: string | null,
      ) => ({
        mountpoint,
        device: `/dev/${device}`,
        fstype: 'ext4',
        total_bytes: Math.round(total),
        used_bytes: Math.round(usedBytes),
        available_bytes: Math.round(total * 0.95 - usedBytes),
        inodes_total: Math.round(total / 16384),
        inodes_used: Math.round(usedBytes / 65536),
        pg_usage: pgUsage,
      });
      const filesystems = [
        fs('/', 'nvme0n1p1', 32 * 1024 ** 3, 9 * 1024 ** 3, 'log'),
        fs('/var/lib/postgresql', 'nvme0n1p2', server.diskBytes, dataUsed, 'data_directory'),
      ];
      if (separateWal) filesystems.push(fs('/pgwal', 'nvme1n1', 64 * 1024 ** 3, walUsed, 'wal'));
      const rx = Math.round(t.calls * 300 + seconds * 2000);
      const tx = Math.round(t.selectRows * 120 + t.walBytes * server.standbyIds.length + seconds * 2000);
      const network = [
        {
          interface: 'eth0',
          rx_bytes: rx,
          tx_bytes: tx,
          rx_packets: Math.round(rx / 400),
          tx_packets: Math.round(tx / 1200),
          rx_errors: 0,
          tx_errors: 0,
          rx_drops: rng.chance(0.02) ? rng.int(1, 20) : 0,
          tx_drops: 0,
          reset: false,
        },
      ];
      return { cpu: [cpu], memory: [memory], disks: diskRows, filesystems, network };
    },
  };
};
