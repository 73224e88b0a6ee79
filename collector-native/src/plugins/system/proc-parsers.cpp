#include "plugins/system/proc-parsers.h"

#include <charconv>
#include <cstdlib>

namespace pga::plugins::system {
namespace {

// Splits on spaces and tabs, dropping empty fields.
std::vector<std::string_view> fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

// Calls `f` for each line (without its newline).
template <typename F>
void for_each_line(std::string_view text, F f) {
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    f(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
}

std::optional<int64_t> to_i64(std::string_view s) {
  // the kernel prints unsigned values: read them as unsigned so a huge one is not a parse failure
  uint64_t u = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), u);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return static_cast<int64_t>(u);
}

int64_t i64_or0(std::string_view s) { return to_i64(s).value_or(0); }

std::optional<double> to_double(std::string_view s) {
  const std::string copy(s);  // strtod needs a terminated string
  char* end = nullptr;
  const double d = std::strtod(copy.c_str(), &end);
  if (end == copy.c_str()) return std::nullopt;
  return d;
}

std::string unescape_mount(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const bool octal = s[i] == '\\' && s.size() - i >= 4 && s[i + 1] >= '0' && s[i + 1] <= '3' &&
                       s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7';
    if (octal) {
      out.push_back(static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0')));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace

Expected<ProcStat> parse_proc_stat(std::string_view text) {
  ProcStat st;
  bool have_total = false;
  for_each_line(text, [&](std::string_view line) {
    const auto f = fields(line);
    if (f.empty()) return;
    if (f[0] == "cpu" && f.size() >= 5) {
      auto at = [&](size_t i) { return i < f.size() ? i64_or0(f[i]) : 0; };
      st.total = CpuTicks{at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8)};
      have_total = true;
    } else if (f[0].size() > 3 && f[0].substr(0, 3) == "cpu") {
      ++st.cpus;
    } else if (f[0] == "ctxt" && f.size() >= 2) {
      st.context_switches = i64_or0(f[1]);
    } else if (f[0] == "btime" && f.size() >= 2) {
      st.boot_time = i64_or0(f[1]);
    } else if (f[0] == "procs_running" && f.size() >= 2) {
      st.procs_running = static_cast<int>(i64_or0(f[1]));
    } else if (f[0] == "procs_blocked" && f.size() >= 2) {
      st.procs_blocked = static_cast<int>(i64_or0(f[1]));
    }
  });
  if (!have_total) return Status::internal("/proc/stat: no aggregate cpu line");
  return st;
}

Expected<MemInfo> parse_meminfo(std::string_view text) {
  MemInfo m;
  bool have_total = false, have_available = false;
  for_each_line(text, [&](std::string_view line) {
    const auto f = fields(line);
    if (f.size() < 2) return;
    int64_t v = i64_or0(f[1]);
    if (f.size() >= 3 && f[2] == "kB") v *= 1024;
    const std::string_view key = f[0];
    if (key == "MemTotal:") {
      m.total = v;
      have_total = true;
    } else if (key == "MemFree:") {
      m.free = v;
    } else if (key == "MemAvailable:") {
      m.available = v;
      have_available = true;
    } else if (key == "Buffers:") {
      m.buffers = v;
    } else if (key == "Cached:") {
      m.cached = v;
    } else if (key == "Shmem:") {
      m.shared = v;
    } else if (key == "SwapTotal:") {
      m.swap_total = v;
    } else if (key == "SwapFree:") {
      m.swap_free = v;
    } else if (key == "Dirty:") {
      m.dirty = v;
    }
  });
  if (!have_total) return Status::internal("/proc/meminfo: no MemTotal");
  // kernels before 3.14 have no MemAvailable: the classic estimate
  if (!have_available) m.available = m.free + m.buffers + m.cached;
  return m;
}

Expected<LoadAvg> parse_loadavg(std::string_view text) {
  const auto f = fields(text.substr(0, text.find('\n')));
  if (f.size() < 3) return Status::internal("/proc/loadavg: fewer than 3 fields");
  auto a = to_double(f[0]), b = to_double(f[1]), c = to_double(f[2]);
  if (!a || !b || !c) return Status::internal("/proc/loadavg: not numbers");
  return LoadAvg{*a, *b, *c};
}

std::vector<DiskStat> parse_diskstats(std::string_view text) {
  std::vector<DiskStat> out;
  for_each_line(text, [&](std::string_view line) {
    const auto f = fields(line);
    if (f.size() < 14) return;
    DiskStat d;
    d.device = std::string(f[2]);
    d.reads = i64_or0(f[3]);
    d.sectors_read = i64_or0(f[5]);
    d.read_ms = i64_or0(f[6]);
    d.writes = i64_or0(f[7]);
    d.sectors_written = i64_or0(f[9]);
    d.write_ms = i64_or0(f[10]);
    d.in_flight = i64_or0(f[11]);
    d.io_ms = i64_or0(f[12]);
    out.push_back(std::move(d));
  });
  return out;
}

std::vector<Mount> parse_mounts(std::string_view text) {
  std::vector<Mount> out;
  for_each_line(text, [&](std::string_view line) {
    const auto f = fields(line);
    if (f.size() < 3) return;
    out.push_back(Mount{unescape_mount(f[0]), unescape_mount(f[1]), std::string(f[2])});
  });
  return out;
}

std::vector<NetDev> parse_net_dev(std::string_view text) {
  std::vector<NetDev> out;
  for_each_line(text, [&](std::string_view line) {
    // "  eth0: 123 4 0 0 0 0 0 0 567 8 0 0 0 0 0 0"; the two header lines have no ':' before a number.
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return;
    const auto name = fields(line.substr(0, colon));
    const auto f = fields(line.substr(colon + 1));
    if (name.size() != 1 || f.size() < 16) return;
    NetDev n;
    n.interface = std::string(name[0]);
    n.rx_bytes = i64_or0(f[0]);
    n.rx_packets = i64_or0(f[1]);
    n.rx_errors = i64_or0(f[2]);
    n.rx_drops = i64_or0(f[3]);
    n.tx_bytes = i64_or0(f[8]);
    n.tx_packets = i64_or0(f[9]);
    n.tx_errors = i64_or0(f[10]);
    n.tx_drops = i64_or0(f[11]);
    out.push_back(std::move(n));
  });
  return out;
}

}  // namespace pga::plugins::system
