#pragma once
// Which disks, filesystems and interfaces the system plugin reports. The schema wants whole disks
// (partitions and virtual devices out, so I/O is not counted twice), real filesystems (pseudo ones out) and
// every interface but loopback; the user's exclude globs (config system.*) come on top.
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/agent-config.h"
#include "plugins/system/proc-parsers.h"

namespace pga::plugins::system {

// What /sys/block says: whole disks are its entries ('/' in a name is '!' there), virtual ones are also
// under /sys/devices/virtual/block. `known` is false when /sys could not be read (then names decide).
struct BlockDevices {
  bool known = false;
  std::set<std::string> whole;
  std::set<std::string> virtual_devices;
};

// Name heuristics for when /sys is unavailable: sda1, vdb2, xvda1, nvme0n1p1, mmcblk0p1 are partitions;
// loop, ram, zram, dm-, md, nbd devices are virtual.
bool looks_like_partition(std::string_view name);
bool looks_virtual(std::string_view name);

bool is_reported_disk(const std::string& device, const BlockDevices& blocks, const std::vector<std::string>& exclude);

// Type and mount point against the globs (the zero-size test of pseudo filesystems needs statvfs: the
// plugin does it).
bool is_reported_mount(const Mount& mount, const config::SystemConfig& config);

bool is_reported_interface(std::string_view name);

}  // namespace pga::plugins::system
