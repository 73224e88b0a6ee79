#include "plugins/system/host-counters.h"

#include <climits>
#include <string>

namespace pga::plugins::system {
namespace {

constexpr int kLongBits = static_cast<int>(sizeof(long) * CHAR_BIT);

std::string boot_token(int64_t boot_time) { return std::to_string(boot_time); }

}  // namespace

counters::Sample cpu_sample(const ProcStat& stat) {
  const CpuTicks& t = stat.total;
  counters::Sample s;
  s.ints = {t.user, t.nice, t.system, t.idle, t.iowait, t.irq, t.softirq, t.steal, stat.context_switches};
  s.reset_token = boot_token(stat.boot_time);
  return s;
}

counters::DiffOptions cpu_diff_options() {
  counters::DiffOptions o;
  o.backwards_is_reset = false;
  return o;
}

CpuUsage cpu_usage(const counters::Deltas& d) {
  auto at = [&](size_t i) -> double {
    return i < d.ints.size() && d.ints[i] ? static_cast<double>(*d.ints[i]) : 0.0;
  };
  CpuUsage u;
  const double user = at(0) + at(1);
  const double system = at(2) + at(5) + at(6);
  const double idle = at(3), iowait = at(4), steal = at(7);
  const double total = user + system + idle + iowait + steal;
  u.context_switches = d.ints.size() > 8 && d.ints[8] ? *d.ints[8] : 0;
  if (total <= 0) return u;  // no tick elapsed: report idle
  u.user_pct = 100.0 * user / total;
  u.system_pct = 100.0 * system / total;
  u.iowait_pct = 100.0 * iowait / total;
  u.idle_pct = 100.0 * idle / total;
  u.steal_pct = 100.0 * steal / total;
  return u;
}

counters::Sample disk_sample(const DiskStat& disk, int64_t boot_time) {
  counters::Sample s;
  s.ints = {disk.reads, disk.sectors_read, disk.writes, disk.sectors_written, disk.read_ms, disk.write_ms, disk.io_ms};
  s.reset_token = boot_token(boot_time);
  return s;
}

counters::DiffOptions disk_diff_options() {
  counters::DiffOptions o;
  o.wrap_bits = {kLongBits, kLongBits, kLongBits, kLongBits, 32, 32, 32};
  return o;
}

counters::Sample net_sample(const NetDev& dev, int64_t boot_time) {
  counters::Sample s;
  s.ints = {dev.rx_bytes, dev.tx_bytes, dev.rx_packets, dev.tx_packets,
            dev.rx_errors, dev.tx_errors, dev.rx_drops, dev.tx_drops};
  s.reset_token = boot_token(boot_time);
  return s;
}

counters::DiffOptions net_diff_options() {
  counters::DiffOptions o;
  o.wrap_bits.assign(8, kLongBits);
  return o;
}

}  // namespace pga::plugins::system
