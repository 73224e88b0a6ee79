#include "config/yaml-to-json.h"

#include <gtest/gtest.h>

namespace pga::config {
namespace {

TEST(ConfigYaml, ScalarsFollowTheCoreSchema) {
  auto j = yaml_to_json(R"(
int: 5000
neg: -3
float: 1.5
quoted_int: "5000"
single: '42'
yes_word: yes
t: true
f: false
n: null
tilde: ~
empty:
str: hello world
glob: scratch_*
path: /var/log/postgresql/*.json
list: [a, 1, true]
nested: {a: {b: [x]}}
)",
                        "t.yaml");
  ASSERT_TRUE(j) << j.status().message();
  EXPECT_EQ((*j)["int"], 5000);
  EXPECT_TRUE((*j)["int"].is_number_integer());
  EXPECT_EQ((*j)["neg"], -3);
  EXPECT_DOUBLE_EQ((*j)["float"].get<double>(), 1.5);
  EXPECT_EQ((*j)["quoted_int"], "5000");
  EXPECT_EQ((*j)["single"], "42");
  EXPECT_EQ((*j)["yes_word"], "yes");
  EXPECT_EQ((*j)["t"], true);
  EXPECT_EQ((*j)["f"], false);
  EXPECT_TRUE((*j)["n"].is_null());
  EXPECT_TRUE((*j)["tilde"].is_null());
  EXPECT_TRUE((*j)["empty"].is_null());
  EXPECT_EQ((*j)["str"], "hello world");
  EXPECT_EQ((*j)["glob"], "scratch_*");
  EXPECT_EQ((*j)["path"], "/var/log/postgresql/*.json");
  EXPECT_EQ((*j)["list"], nlohmann::json::parse(R"(["a", 1, true])"));
  EXPECT_EQ((*j)["nested"]["a"]["b"][0], "x");
}

TEST(ConfigYaml, JsonIsYamlToo) {
  auto j = yaml_to_json(R"({"instances": [{"name": "a", "port": 5432}]})", "t.json");
  ASSERT_TRUE(j);
  EXPECT_EQ((*j)["instances"][0]["port"], 5432);
}

TEST(ConfigYaml, ErrorsNameFileAndLine) {
  auto bad = yaml_to_json("a: [1, 2\nb: 3\n", "agent.yaml");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.status().message().rfind("agent.yaml:", 0), 0u) << bad.status().message();
  auto dup = yaml_to_json("a: 1\nb: 2\na: 3\n", "agent.yaml");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.status().message(), "agent.yaml:3:1: duplicate key \"a\"");
  auto empty = yaml_to_json("", "agent.yaml");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->is_null());
}

}  // namespace
}  // namespace pga::config
