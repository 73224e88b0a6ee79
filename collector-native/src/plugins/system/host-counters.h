#pragma once
// The counters of the system plugin as view-counters samples, and the CPU shares computed from their deltas.
// The host's boot time is every sample's reset token: a reboot resets every counter, and marks the rows
// reset even when a counter happens to be larger than before.
#include "plugins/common/view-counters.h"
#include "plugins/system/proc-parsers.h"

namespace pga::plugins::system {

// /proc/stat: user, nice, system, idle, iowait, irq, softirq, steal, ctxt (in this order).
counters::Sample cpu_sample(const ProcStat& stat);
// iowait and idle may step back on some kernels (documented in proc(5)): noise, not a reset.
counters::DiffOptions cpu_diff_options();

struct CpuUsage {
  double user_pct = 0, system_pct = 0, iowait_pct = 0, idle_pct = 100, steal_pct = 0;
  int64_t context_switches = 0;
};
// Shares of all CPU time over the interval: user includes nice, system includes irq and softirq.
CpuUsage cpu_usage(const counters::Deltas& deltas);

// /proc/diskstats: reads, sectors_read, writes, sectors_written, read_ms, write_ms, io_ms (in this order).
counters::Sample disk_sample(const DiskStat& disk, int64_t boot_time);
// I/O and sector counts are unsigned long (32-bit on 32-bit hosts); the times are printed as 32-bit
// unsigned int milliseconds and wrap after ~49.7 days.
counters::DiffOptions disk_diff_options();

// /proc/net/dev: rx_bytes, tx_bytes, rx_packets, tx_packets, rx_errors, tx_errors, rx_drops, tx_drops.
counters::Sample net_sample(const NetDev& dev, int64_t boot_time);
// unsigned long counters in the kernel: 32-bit on 32-bit hosts.
counters::DiffOptions net_diff_options();

}  // namespace pga::plugins::system
