// The system plugin (scope host): CPU, memory, load, disk I/O, filesystems and network of the database
// host, from /proc and statvfs (schemas/metrics.system.v1.avsc). CPU, disks and network are interval
// deltas (the first round is a baseline: no batch); memory, load and filesystems are gauges.
//
// Bounded output: at most kMaxRows rows per array — the busiest disks and interfaces, the largest
// filesystems — so a container host with thousands of veth interfaces or mounts stays small.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/log.h"
#include "plugins/plugin.h"
#include "plugins/system/device-filters.h"
#include "plugins/system/filesystems.h"
#include "plugins/system/host-counters.h"
#include "plugins/system/proc-parsers.h"

namespace pga::plugins::system {
namespace {

constexpr const char* kSchema = "metrics.system.v1";
constexpr size_t kMaxRows = 256;
constexpr size_t kMaxFileBytes = 8 << 20;  // /proc/self/mounts of a busy container host stays far below
constexpr auto kStatvfsTimeout = std::chrono::milliseconds(2000);

Expected<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found("cannot read " + path);
  std::string text;
  char buf[16384];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<size_t>(in.gcount()));
    if (text.size() > kMaxFileBytes) return Status::internal(path + " is larger than expected");
  }
  return text;
}

BlockDevices read_block_devices() {
  BlockDevices b;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/sys/block", ec)) {
    b.whole.insert(e.path().filename().string());
  }
  if (ec || b.whole.empty()) return BlockDevices{};
  for (const auto& e : std::filesystem::directory_iterator("/sys/devices/virtual/block", ec)) {
    b.virtual_devices.insert(e.path().filename().string());
  }
  b.known = true;
  return b;
}

// Keeps the `n` largest by `weight`, in descending order.
template <typename T, typename W>
void keep_top(std::vector<T>& rows, size_t n, W weight) {
  std::stable_sort(rows.begin(), rows.end(), [&](const T& a, const T& b) { return weight(a) > weight(b); });
  if (rows.size() > n) rows.resize(n);
}

// Later mounts on the same mount point hide earlier ones: keep the last, in mount order.
std::vector<Mount> visible_mounts(const std::vector<Mount>& all, const config::SystemConfig& config) {
  std::map<std::string, size_t> last;
  for (size_t i = 0; i < all.size(); ++i) last[all[i].mountpoint] = i;
  std::vector<Mount> out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (last[all[i].mountpoint] == i && is_reported_mount(all[i], config)) out.push_back(all[i]);
  }
  return out;
}

class SystemPlugin : public Plugin {
 public:
  Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) override {
    const config::SystemConfig defaults;
    const config::SystemConfig& config = ctx.system ? *ctx.system : defaults;

    auto stat_text = read_file("/proc/stat");
    if (!stat_text) return stat_text.status();
    auto stat = parse_proc_stat(*stat_text);
    if (!stat) return stat.status();
    auto mem_text = read_file("/proc/meminfo");
    if (!mem_text) return mem_text.status();
    auto mem = parse_meminfo(*mem_text);
    if (!mem) return mem.status();
    auto load_text = read_file("/proc/loadavg");
    if (!load_text) return load_text.status();
    auto load = parse_loadavg(*load_text);
    if (!load) return load.status();
    // Optional sources (absent in some containers): their arrays stay empty.
    auto disk_text = read_file("/proc/diskstats");
    auto net_text = read_file("/proc/net/dev");
    auto mounts_text = read_file("/proc/self/mounts");

    const auto cpu = cpu_.update(0, cpu_sample(*stat), cpu_diff_options());
    cpu_.commit();

    struct DiskRow {
      DiskStat stat;
      counters::Deltas d;
    };
    std::vector<DiskRow> disks;
    if (disk_text) {
      const BlockDevices blocks = read_block_devices();
      for (auto& disk : parse_diskstats(*disk_text)) {
        if (!is_reported_disk(disk.device, blocks, config.exclude_devices)) continue;
        auto d = disks_.update(disk.device, disk_sample(disk, stat->boot_time), disk_diff_options());
        if (d) disks.push_back({std::move(disk), std::move(*d)});
      }
    }
    disks_.commit();

    struct NetRow {
      std::string name;
      counters::Deltas d;
    };
    std::vector<NetRow> nets;
    if (net_text) {
      for (auto& dev : parse_net_dev(*net_text)) {
        if (!is_reported_interface(dev.interface)) continue;
        auto d = nets_.update(dev.interface, net_sample(dev, stat->boot_time), net_diff_options());
        if (d) nets.push_back({dev.interface, std::move(*d)});
      }
    }
    nets_.commit();

    if (!cpu) return Status::ok();  // baseline round

    std::vector<FilesystemUsage> filesystems;
    if (mounts_text) {
      auto probed = prober_.probe(visible_mounts(parse_mounts(*mounts_text), config), kStatvfsTimeout);
      if (probed) {
        filesystems = std::move(*probed);
      } else {
        log::warn("system: statvfs did not answer (a hung network filesystem?); filesystems left out this round");
      }
    }

    avro::Batch batch = ctx.new_batch(kSchema);
    batch.envelope().pg_version_num.reset();  // a host family
    batch.envelope().in_recovery.reset();
    write_cpu(batch, *stat, *load, *cpu);
    write_memory(batch, *mem);
    auto value = [](const counters::Deltas& d, size_t i) { return i < d.ints.size() ? d.ints[i].value_or(0) : 0; };
    keep_top(disks, kMaxRows, [&](const DiskRow& r) { return value(r.d, 0) + value(r.d, 2); });
    for (const auto& r : disks) {
      auto row = batch.add("disks");
      row.set_string("device", r.stat.device);
      row.set_long("reads", value(r.d, 0));
      row.set_long("read_bytes", value(r.d, 1) * 512);  // diskstats sectors are always 512 bytes
      row.set_long("writes", value(r.d, 2));
      row.set_long("write_bytes", value(r.d, 3) * 512);
      row.set_long("read_time_ms", value(r.d, 4));
      row.set_long("write_time_ms", value(r.d, 5));
      row.set_long("io_time_ms", value(r.d, 6));
      row.set_long("in_flight", r.stat.in_flight);
      row.set_bool("reset", r.d.reset);
    }
    keep_top(filesystems, kMaxRows, [](const FilesystemUsage& f) { return f.total_bytes; });
    for (const auto& f : filesystems) {
      auto row = batch.add("filesystems");
      row.set_string("mountpoint", f.mount.mountpoint);
      row.set_string("device", f.mount.device);
      row.set_string("fstype", f.mount.fstype);
      row.set_long("total_bytes", f.total_bytes);
      row.set_long("used_bytes", f.used_bytes);
      row.set_long("available_bytes", f.available_bytes);
      row.set_long("inodes_total", f.inodes_total);
      row.set_long("inodes_used", f.inodes_used);
      // pg_usage stays null: a host plugin does not know the instances' directories
    }
    keep_top(nets, kMaxRows, [&](const NetRow& r) { return value(r.d, 0) + value(r.d, 1); });
    static const char* const kNetFields[] = {"rx_bytes",  "tx_bytes",  "rx_packets", "tx_packets",
                                             "rx_errors", "tx_errors", "rx_drops",   "tx_drops"};
    for (const auto& r : nets) {
      auto row = batch.add("network");
      row.set_string("interface", r.name);
      for (size_t i = 0; i < 8; ++i) row.set_long(kNetFields[i], value(r.d, i));
      row.set_bool("reset", r.d.reset);
    }
    out.push_back(std::move(batch));
    return Status::ok();
  }

 private:
  static void write_cpu(avro::Batch& batch, const ProcStat& stat, const LoadAvg& load, const counters::Deltas& d) {
    const CpuUsage u = cpu_usage(d);
    auto row = batch.add("cpu");
    row.set_double("user_pct", u.user_pct);
    row.set_double("system_pct", u.system_pct);
    row.set_double("iowait_pct", u.iowait_pct);
    row.set_double("idle_pct", u.idle_pct);
    row.set_double("steal_pct", u.steal_pct);
    row.set_double("load1", load.load1);
    row.set_double("load5", load.load5);
    row.set_double("load15", load.load15);
    row.set_long("cpus", stat.cpus);
    row.set_long("context_switches", u.context_switches);
    row.set_long("procs_running", stat.procs_running);
    row.set_long("procs_blocked", stat.procs_blocked);
    row.set_bool("reset", d.reset);
  }

  static void write_memory(avro::Batch& batch, const MemInfo& m) {
    auto row = batch.add("memory");
    row.set_long("total_bytes", m.total);
    row.set_long("available_bytes", m.available);
    row.set_long("used_bytes", m.total - m.available);
    row.set_long("free_bytes", m.free);
    row.set_long("cached_bytes", m.cached);
    row.set_long("buffers_bytes", m.buffers);
    row.set_long("shared_bytes", m.shared);
    row.set_long("swap_total_bytes", m.swap_total);
    row.set_long("swap_used_bytes", m.swap_total - m.swap_free);
    row.set_long("dirty_bytes", m.dirty);
  }

  counters::KeyedCounters<int> cpu_;
  counters::KeyedCounters<std::string> disks_;
  counters::KeyedCounters<std::string> nets_;
  FilesystemProber prober_;
};

std::unique_ptr<Plugin> create() { return std::make_unique<SystemPlugin>(); }

const PluginDescriptor kSystemPlugin{
    "system",
    kSchema,
    Scope::kHost,
    30,
    true,
    "host CPU, memory, load, disk I/O, filesystems and network from /proc and statvfs (options: the system "
    "section: exclude_fs_types, exclude_mount_points, exclude_devices)",
    {},
    &create,
};

}  // namespace

PGA_REGISTER_PLUGIN(kSystemPlugin);

}  // namespace pga::plugins::system
