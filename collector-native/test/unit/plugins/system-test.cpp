// The system plugin: /proc parsers on fixtures (test/data/proc), deltas with reboots, wraps and kernel
// noise, device selection, and (HostSystem) two collections on this machine.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "live-collect.h"
#include "plugins/system/device-filters.h"
#include "plugins/system/host-counters.h"
#include "plugins/system/proc-parsers.h"

namespace pga::plugins::system {
namespace {

std::string fixture(const char* name) {
  std::ifstream in(std::filesystem::path(PGA_TEST_DATA_DIR) / "proc" / name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ProcStat stat_of(const char* name) {
  auto s = parse_proc_stat(fixture(name));
  EXPECT_TRUE(s) << s.status().to_string();
  return s ? *s : ProcStat{};
}

const DiskStat* find_disk(const std::vector<DiskStat>& disks, const std::string& name) {
  for (const auto& d : disks) {
    if (d.device == name) return &d;
  }
  return nullptr;
}

TEST(ProcParsers, Stat) {
  const ProcStat s = stat_of("stat-a.txt");
  EXPECT_EQ(s.total.user, 191350);
  EXPECT_EQ(s.total.nice, 18754);
  EXPECT_EQ(s.total.steal, 76);
  EXPECT_EQ(s.cpus, 2);
  EXPECT_EQ(s.context_switches, 3956041);
  EXPECT_EQ(s.boot_time, 1795773730);
  EXPECT_EQ(s.procs_running, 5);
  EXPECT_EQ(s.procs_blocked, 1);
  EXPECT_FALSE(parse_proc_stat("intr 1 2 3\nctxt 5\n"));
}

TEST(ProcParsers, MeminfoInBytes) {
  auto m = parse_meminfo(fixture("meminfo.txt"));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->total, int64_t{24684084} * 1024);
  EXPECT_EQ(m->available, int64_t{22686640} * 1024);
  EXPECT_EQ(m->shared, int64_t{193324} * 1024);
  EXPECT_EQ(m->swap_total - m->swap_free, int64_t{1048574} * 1024);
  EXPECT_EQ(m->dirty, int64_t{84424} * 1024);
  // before MemAvailable (kernel < 3.14): free + buffers + cached
  auto old = parse_meminfo("MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 10 kB\nCached: 200 kB\n");
  ASSERT_TRUE(old);
  EXPECT_EQ(old->available, 310 * 1024);
}

TEST(ProcParsers, Loadavg) {
  auto l = parse_loadavg(fixture("loadavg.txt"));
  ASSERT_TRUE(l);
  EXPECT_DOUBLE_EQ(l->load1, 4.29);
  EXPECT_DOUBLE_EQ(l->load15, 5.99);
  EXPECT_FALSE(parse_loadavg("garbage"));
}

TEST(ProcParsers, DiskstatsOldAndNewFormats) {
  const auto disks = parse_diskstats(fixture("diskstats-a.txt"));
  ASSERT_EQ(disks.size(), 7u);
  const DiskStat* nvme = find_disk(disks, "nvme0n1");
  ASSERT_NE(nvme, nullptr);
  EXPECT_EQ(nvme->reads, 89237);
  EXPECT_EQ(nvme->sectors_read, 2760530);
  EXPECT_EQ(nvme->write_ms, 4294967000);
  EXPECT_EQ(nvme->io_ms, 11224);
  const DiskStat* part = find_disk(disks, "nvme0n1p1");  // 14 fields only (an older kernel)
  ASSERT_NE(part, nullptr);
  EXPECT_EQ(part->io_ms, 11200);
}

TEST(ProcParsers, MountsDecodeEscapes) {
  const auto mounts = parse_mounts(fixture("mounts.txt"));
  ASSERT_EQ(mounts.size(), 10u);
  EXPECT_EQ(mounts[6].mountpoint, "/mnt/backup disk");
  EXPECT_EQ(mounts[6].device, "/dev/sdb1");
  EXPECT_EQ(mounts[5].fstype, "xfs");
}

TEST(ProcParsers, NetDev) {
  const auto devs = parse_net_dev(fixture("net-dev-a.txt"));
  ASSERT_EQ(devs.size(), 3u);
  EXPECT_EQ(devs[1].interface, "eth0");
  EXPECT_EQ(devs[1].rx_bytes, 186579736);
  EXPECT_EQ(devs[1].tx_packets, 4014);
  EXPECT_EQ(devs[2].interface, "eth1");  // "eth1:1000": no space after the colon
  EXPECT_EQ(devs[2].rx_bytes, 1000);
  EXPECT_EQ(devs[2].rx_drops, 2);
  EXPECT_EQ(devs[2].tx_errors, 3);
}

TEST(HostCounters, CpuSharesOverTheInterval) {
  const auto d = counters::diff(cpu_sample(stat_of("stat-a.txt")), cpu_sample(stat_of("stat-b.txt")),
                                cpu_diff_options());
  EXPECT_FALSE(d.reset);
  const CpuUsage u = cpu_usage(d);
  EXPECT_DOUBLE_EQ(u.user_pct, 40.0);    // user 300 + nice 100 of 1000 ticks
  EXPECT_DOUBLE_EQ(u.system_pct, 10.0);  // system 80 + irq 10 + softirq 10
  EXPECT_DOUBLE_EQ(u.idle_pct, 35.0);
  EXPECT_DOUBLE_EQ(u.iowait_pct, 5.0);
  EXPECT_DOUBLE_EQ(u.steal_pct, 10.0);
  EXPECT_EQ(u.context_switches, 10000);
}

TEST(HostCounters, IowaitSteppingBackIsNotAReboot) {
  const auto d = counters::diff(cpu_sample(stat_of("stat-b.txt")), cpu_sample(stat_of("stat-iowait-back.txt")),
                                cpu_diff_options());
  EXPECT_FALSE(d.reset);
  const CpuUsage u = cpu_usage(d);
  EXPECT_DOUBLE_EQ(u.iowait_pct, 0.0);
  EXPECT_DOUBLE_EQ(u.idle_pct, 100.0);
}

TEST(HostCounters, RebootIsAReset) {
  const auto d = counters::diff(cpu_sample(stat_of("stat-b.txt")), cpu_sample(stat_of("stat-rebooted.txt")),
                                cpu_diff_options());
  EXPECT_TRUE(d.reset);
  const CpuUsage u = cpu_usage(d);  // shares since boot
  EXPECT_DOUBLE_EQ(u.user_pct, 10.0);
  EXPECT_DOUBLE_EQ(u.idle_pct, 80.0);
  EXPECT_EQ(u.context_switches, 5000);
  EXPECT_FALSE(cpu_usage(counters::Deltas{}).user_pct > 0) << "no tick elapsed: idle";
}

TEST(HostCounters, DiskDeltasWithA32BitTimeWrapAndAReattachedDevice) {
  const auto a = parse_diskstats(fixture("diskstats-a.txt"));
  const auto b = parse_diskstats(fixture("diskstats-b.txt"));
  const auto nvme = counters::diff(disk_sample(*find_disk(a, "nvme0n1"), 1), disk_sample(*find_disk(b, "nvme0n1"), 1),
                                   disk_diff_options());
  EXPECT_FALSE(nvme.reset);
  EXPECT_EQ(*nvme.ints[0], 100);   // reads
  EXPECT_EQ(*nvme.ints[1], 800);   // sectors read
  EXPECT_EQ(*nvme.ints[3], 1600);  // sectors written
  EXPECT_EQ(*nvme.ints[5], 496);   // write ms wrapped at 2^32
  EXPECT_EQ(*nvme.ints[6], 300);   // io ms
  const auto sda = counters::diff(disk_sample(*find_disk(a, "sda"), 1), disk_sample(*find_disk(b, "sda"), 1),
                                  disk_diff_options());
  EXPECT_TRUE(sda.reset);
  EXPECT_EQ(*sda.ints[0], 10);
  EXPECT_EQ(*sda.ints[5], 7);
}

TEST(HostCounters, NetworkDeltas) {
  const auto a = parse_net_dev(fixture("net-dev-a.txt"));
  const auto b = parse_net_dev(fixture("net-dev-b.txt"));
  const auto d = counters::diff(net_sample(a[1], 7), net_sample(b[1], 7), net_diff_options());
  EXPECT_FALSE(d.reset);
  EXPECT_EQ(d.ints, (std::vector<std::optional<int64_t>>{10000, 10000, 100, 100, 1, 0, 2, 3}));
  EXPECT_TRUE(counters::diff(net_sample(a[1], 7), net_sample(b[1], 8), net_diff_options()).reset) << "rebooted";
}

TEST(DeviceFilters, WholePhysicalDisksOnly) {
  const auto disks = parse_diskstats(fixture("diskstats-a.txt"));
  const std::vector<std::string> exclude{"loop*", "ram*"};
  BlockDevices sys;
  sys.known = true;
  sys.whole = {"loop0", "nvme0n1", "sda", "dm-0", "vda"};
  sys.virtual_devices = {"loop0", "dm-0"};
  BlockDevices unknown;  // /sys unreadable: names decide
  for (const BlockDevices* blocks : {&sys, &unknown}) {
    std::vector<std::string> reported;
    for (const auto& d : disks) {
      if (is_reported_disk(d.device, *blocks, exclude)) reported.push_back(d.device);
    }
    EXPECT_EQ(reported, (std::vector<std::string>{"nvme0n1", "sda", "vda"})) << "known=" << blocks->known;
  }
  EXPECT_FALSE(is_reported_disk("vda", sys, {"vd*"}));
  // /sys/block names use '!' where diskstats has '/'
  BlockDevices cciss;
  cciss.known = true;
  cciss.whole = {"cciss!c0d0"};
  EXPECT_TRUE(is_reported_disk("cciss/c0d0", cciss, {}));
}

TEST(DeviceFilters, PartitionAndVirtualNames) {
  for (const char* p : {"sda1", "vdb2", "xvda1", "hdc3", "nvme0n1p1", "mmcblk0p2"}) {
    EXPECT_TRUE(looks_like_partition(p)) << p;
  }
  for (const char* d : {"sda", "vdb", "nvme0n1", "mmcblk0", "xvdaa", "dm-0", "md0"}) {
    EXPECT_FALSE(looks_like_partition(d)) << d;
  }
  for (const char* v : {"loop0", "ram1", "zram0", "dm-3", "md127", "nbd0"}) EXPECT_TRUE(looks_virtual(v)) << v;
  EXPECT_FALSE(looks_virtual("sda"));
}

TEST(DeviceFilters, MountsByTypeAndMountPoint) {
  config::SystemConfig cfg;  // the documented defaults
  std::vector<std::string> reported;
  for (const auto& m : parse_mounts(fixture("mounts.txt"))) {
    if (is_reported_mount(m, cfg)) reported.push_back(m.mountpoint);
  }
  EXPECT_EQ(reported, (std::vector<std::string>{"/", "/var/lib/postgresql", "/mnt/backup disk"}));
  cfg.exclude_mount_points = {"/mnt/*"};
  EXPECT_FALSE(is_reported_mount(Mount{"/dev/sdb1", "/mnt/backup disk", "ext4"}, cfg));
  EXPECT_TRUE(is_reported_interface("eth0"));
  EXPECT_FALSE(is_reported_interface("lo"));
}

}  // namespace
}  // namespace pga::plugins::system

namespace pga::test_d {
namespace {

// Runs on any Linux host: two collections of this machine's /proc.
TEST(HostSystem, BaselineThenOneBatchOfThisHost) {
  config::SystemConfig system;
  PluginRun run("system", nullptr, &system);
  EXPECT_EQ(run.descriptor().scope, plugins::Scope::kHost);
  std::vector<nlohmann::json> batches;
  ASSERT_TRUE(run.collect(&batches));
  EXPECT_TRUE(batches.empty()) << "the first sample is a baseline";
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  Status st = run.collect(&batches);
  ASSERT_TRUE(st) << st.to_string();
  ASSERT_EQ(batches.size(), 1u);
  const auto& b = batches[0];
  EXPECT_TRUE(b["envelope"]["pg_version_num"].is_null());
  EXPECT_TRUE(b["envelope"]["in_recovery"].is_null());

  ASSERT_EQ(b["cpu"].size(), 1u);
  const auto& cpu = b["cpu"][0];
  const double sum = cpu["user_pct"].get<double>() + cpu["system_pct"].get<double>() +
                     cpu["iowait_pct"].get<double>() + cpu["idle_pct"].get<double>() + cpu["steal_pct"].get<double>();
  EXPECT_NEAR(sum, 100.0, 0.001);
  EXPECT_GE(cpu["cpus"].get<int>(), 1);
  EXPECT_GE(cpu["load1"].get<double>(), 0.0);
  EXPECT_FALSE(cpu["reset"].get<bool>());

  ASSERT_EQ(b["memory"].size(), 1u);
  const auto& mem = b["memory"][0];
  EXPECT_GT(mem["total_bytes"].get<int64_t>(), 0);
  EXPECT_EQ(mem["used_bytes"].get<int64_t>(),
            mem["total_bytes"].get<int64_t>() - mem["available_bytes"].get<int64_t>());

  for (const auto& d : b["disks"]) {
    const std::string name = d["device"];
    EXPECT_FALSE(name.rfind("loop", 0) == 0) << name;
    EXPECT_GE(d["reads"].get<int64_t>(), 0);
    EXPECT_EQ(d["read_bytes"].get<int64_t>() % 512, 0);
  }
  // (no particular mount is required: a container's root is often an excluded overlay)
  for (const auto& f : b["filesystems"]) {
    EXPECT_NE(f["fstype"], "tmpfs");
    EXPECT_NE(f["fstype"], "proc");
    EXPECT_GT(f["total_bytes"].get<int64_t>(), 0);
    EXPECT_LE(f["used_bytes"].get<int64_t>(), f["total_bytes"].get<int64_t>());
    EXPECT_TRUE(f["pg_usage"].is_null());
  }
  for (const auto& n : b["network"]) EXPECT_NE(n["interface"], "lo");
}

}  // namespace
}  // namespace pga::test_d
