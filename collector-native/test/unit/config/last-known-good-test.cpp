#include "config/last-known-good.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "api/credentials.h"
#include "core/files.h"

namespace pga::config {
namespace {

class ConfigStateFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pga-state-XXXXXX";
    root_ = ::mkdtemp(tmpl);
    dir_ = root_ + "/nested/state";  // created on first save
  }
  void TearDown() override { std::system(("rm -rf " + root_).c_str()); }
  static mode_t mode_of(const std::string& path) {
    struct stat st{};
    ::stat(path.c_str(), &st);
    return st.st_mode & 0777;
  }
  std::string root_, dir_;
};

TEST_F(ConfigStateFiles, LastKnownGoodRoundTripsWithMode0600) {
  auto none = load_last_known_good(dir_);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());

  RemoteConfig saved{nlohmann::json{{"instances", nlohmann::json::array()}}, "\"4-abc\"", 4};
  ASSERT_TRUE(save_last_known_good(dir_, saved));
  EXPECT_EQ(mode_of(last_known_good_path(dir_)), 0600u);
  EXPECT_EQ(mode_of(dir_), 0700u);
  auto back = load_last_known_good(dir_);
  ASSERT_TRUE(back && back->has_value());
  EXPECT_EQ((*back)->etag, "\"4-abc\"");
  EXPECT_EQ((*back)->version, 4);
  EXPECT_EQ((*back)->config, saved.config);

  std::ofstream(last_known_good_path(dir_)) << "{\"config\": 1}";
  auto broken = load_last_known_good(dir_);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.status().message().find("delete it"), std::string::npos);
}

TEST_F(ConfigStateFiles, CredentialsRoundTripAndRefuseDamage) {
  auto none = api::load_credentials(dir_);
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->has_value());
  ASSERT_TRUE(api::save_credentials(dir_, {"c39db911-a9a2", "pgac_secret", "http://api"}));
  EXPECT_EQ(mode_of(api::credentials_path(dir_)), 0600u);
  auto back = api::load_credentials(dir_);
  ASSERT_TRUE(back && back->has_value());
  EXPECT_EQ((*back)->collector_id, "c39db911-a9a2");
  EXPECT_EQ((*back)->token, "pgac_secret");

  // An id that would change the URL path, or a token with a line break, is not trusted.
  std::ofstream(api::credentials_path(dir_)) << R"({"collector_id": "../users", "token": "t"})";
  EXPECT_FALSE(api::load_credentials(dir_));
  std::ofstream(api::credentials_path(dir_)) << R"({"collector_id": "c1", "token": "a\nb"})";
  EXPECT_FALSE(api::load_credentials(dir_));
}

TEST_F(ConfigStateFiles, AtomicWriteReplacesWithoutLeftovers) {
  ASSERT_TRUE(files::ensure_directory(dir_));
  const std::string path = dir_ + "/f";
  ASSERT_TRUE(files::write_atomic(path, "one", 0600));
  ASSERT_TRUE(files::write_atomic(path, "two", 0600));
  EXPECT_EQ(*files::read_all(path), "two");
  EXPECT_EQ(std::system(("test $(ls " + dir_ + " | wc -l) -eq 1").c_str()), 0);  // no .tmp file left
  EXPECT_EQ(files::read_all(dir_ + "/nope").status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(files::read_all(path, 2));  // over the cap
  std::ofstream(dir_ + "/secret") << "s3cret\n";
  EXPECT_EQ(*files::read_secret(dir_ + "/secret"), "s3cret");
}

}  // namespace
}  // namespace pga::config
