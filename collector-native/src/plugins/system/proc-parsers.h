#pragma once
// Parsers of the /proc files the system plugin reads. Each takes the file's text, so the unit tests feed
// fixtures (test/data/proc/); none touches the file system. Malformed lines are skipped, not fatal: kernels
// add columns over time, and one odd line must not cost the whole sample.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace pga::plugins::system {

// The aggregate "cpu" line of /proc/stat, in USER_HZ ticks. guest and guest_nice are already counted in
// user and nice, so they are not read.
struct CpuTicks {
  int64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
};

struct ProcStat {
  CpuTicks total;
  int cpus = 0;  // "cpuN" lines: the online CPUs
  int64_t context_switches = 0;
  int64_t boot_time = 0;  // btime: changes exactly when the host rebooted
  int procs_running = 0;
  int procs_blocked = 0;
};
Expected<ProcStat> parse_proc_stat(std::string_view text);

// /proc/meminfo, in bytes.
struct MemInfo {
  int64_t total = 0, free = 0, available = 0, buffers = 0, cached = 0, shared = 0, swap_total = 0, swap_free = 0,
          dirty = 0;
};
Expected<MemInfo> parse_meminfo(std::string_view text);

struct LoadAvg {
  double load1 = 0, load5 = 0, load15 = 0;
};
Expected<LoadAvg> parse_loadavg(std::string_view text);

// One line of /proc/diskstats (fields 1-14; later kernels append discard and flush fields, ignored).
struct DiskStat {
  std::string device;
  int64_t reads = 0, sectors_read = 0, read_ms = 0;
  int64_t writes = 0, sectors_written = 0, write_ms = 0;
  int64_t in_flight = 0, io_ms = 0;
};
std::vector<DiskStat> parse_diskstats(std::string_view text);

// One line of /proc/self/mounts, with the kernel's octal escapes (\040 for a space ...) decoded.
struct Mount {
  std::string device;
  std::string mountpoint;
  std::string fstype;
};
std::vector<Mount> parse_mounts(std::string_view text);

// One interface of /proc/net/dev.
struct NetDev {
  std::string interface;
  int64_t rx_bytes = 0, rx_packets = 0, rx_errors = 0, rx_drops = 0;
  int64_t tx_bytes = 0, tx_packets = 0, tx_errors = 0, tx_drops = 0;
};
std::vector<NetDev> parse_net_dev(std::string_view text);

}  // namespace pga::plugins::system
