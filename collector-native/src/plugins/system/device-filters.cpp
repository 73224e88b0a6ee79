#include "plugins/system/device-filters.h"

#include <algorithm>
#include <cctype>

#include "pg/instance.h"

namespace pga::plugins::system {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool any_glob(const std::vector<std::string>& globs, std::string_view text) {
  return std::any_of(globs.begin(), globs.end(), [&](const std::string& g) { return pg::glob_match(g, text); });
}

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

bool looks_like_partition(std::string_view name) {
  if (name.empty() || !is_digit(name.back())) return false;
  // <digit>p<digits>: nvme0n1p1, mmcblk0p1, loop0p1
  size_t i = name.size();
  while (i > 0 && is_digit(name[i - 1])) --i;
  if (i >= 2 && name[i - 1] == 'p' && is_digit(name[i - 2])) return true;
  // <letters><digits> for the classic disk families: sda1, hdb2, vdc3, xvda1
  for (std::string_view family : {"sd", "hd", "vd", "xvd"}) {
    if (!starts_with(name, family)) continue;
    const std::string_view letters = name.substr(family.size(), i - family.size());
    return !letters.empty() && std::all_of(letters.begin(), letters.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  }
  return false;
}

bool looks_virtual(std::string_view name) {
  for (std::string_view prefix : {"loop", "ram", "zram", "dm-", "md", "nbd"}) {
    if (starts_with(name, prefix)) return true;
  }
  return false;
}

bool is_reported_disk(const std::string& device, const BlockDevices& blocks, const std::vector<std::string>& exclude) {
  if (any_glob(exclude, device)) return false;
  if (blocks.known) {
    std::string sys_name = device;
    std::replace(sys_name.begin(), sys_name.end(), '/', '!');
    return blocks.whole.count(sys_name) > 0 && blocks.virtual_devices.count(sys_name) == 0;
  }
  return !looks_like_partition(device) && !looks_virtual(device);
}

bool is_reported_mount(const Mount& mount, const config::SystemConfig& config) {
  return !any_glob(config.exclude_fs_types, mount.fstype) && !any_glob(config.exclude_mount_points, mount.mountpoint);
}

bool is_reported_interface(std::string_view name) { return name != "lo"; }

}  // namespace pga::plugins::system
