// settings: published at first, on any change (value, source, added or removed setting) and daily.
#include <gtest/gtest.h>

#include "plugins/settings/settings-change.h"

namespace pga::plugins::settings {
namespace {

using Clock = SettingsChange::Clock;

uint64_t h(const char* name, std::optional<std::string_view> value, const char* source = "default") {
  return setting_hash({std::string_view(name), value, std::string_view(source)});
}

TEST(SettingsHash, SeparatesFieldsAndNulls) {
  EXPECT_NE(setting_hash({std::string_view("ab"), std::nullopt}), setting_hash({std::string_view("a"), std::string_view("b")}));
  EXPECT_NE(setting_hash({std::string_view("a"), std::nullopt}), setting_hash({std::string_view("a"), std::string_view("")}));
  EXPECT_EQ(h("work_mem", "4096"), h("work_mem", "4096"));
}

TEST(SettingsChange, PublishesFirstThenOnlyOnChangeAndDaily) {
  SettingsChange c;
  const auto t0 = Clock::now();
  const std::vector<uint64_t> v1 = {h("shared_buffers", "16384"), h("work_mem", "4096")};
  EXPECT_TRUE(c.should_publish(v1, t0));
  EXPECT_FALSE(c.changed(v1));
  c.published(v1, t0);
  EXPECT_FALSE(c.should_publish(v1, t0 + std::chrono::minutes(5)));
  EXPECT_EQ(c.changed(v1), 0u);

  const std::vector<uint64_t> v2 = {h("shared_buffers", "16384"), h("work_mem", "8192", "configuration file")};
  EXPECT_TRUE(c.should_publish(v2, t0 + std::chrono::minutes(5)));
  EXPECT_EQ(c.changed(v2), 1u);

  const std::vector<uint64_t> v3 = {h("pg_stat_statements.max", "5000"), h("shared_buffers", "16384"),
                                    h("work_mem", "4096")};
  EXPECT_TRUE(c.should_publish(v3, t0 + std::chrono::minutes(5)));  // a library loaded: one more setting
  EXPECT_EQ(c.changed(v3), 1u);

  EXPECT_TRUE(c.should_publish(v1, t0 + std::chrono::hours(24)));  // at least daily
}

}  // namespace
}  // namespace pga::plugins::settings
