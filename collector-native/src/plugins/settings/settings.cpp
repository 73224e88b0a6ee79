// The settings plugin: pg_settings, sampled at the interval and published — the complete list, so each
// batch is a full picture — only when something changed, at the first sample and at least daily
// (settings-change.h; schemas/metrics.settings.v1.avsc). A snapshot family: interval_ms is 0.
#include <optional>
#include <string_view>
#include <vector>

#include "core/log.h"
#include "plugins/plugin.h"
#include "plugins/settings/settings-change.h"

namespace pga::plugins::settings {
namespace {

constexpr const char* kSchema = "metrics.settings.v1";
// A few hundred rows: read whole.
constexpr const char* kSettingsSql =
    "SELECT name, setting, unit, source, boot_val, reset_val, pending_restart, context, vartype "
    "FROM pg_settings ORDER BY name";
constexpr const char* kTextFields[] = {"name", "setting", "unit", "source", "boot_val",
                                       "reset_val", "pending_restart", "context", "vartype"};

class SettingsPlugin : public Plugin {
 public:
  Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) override {
    if (!ctx.instance) return Status::internal("settings: no instance");
    auto conn = ctx.instance->primary();
    if (!conn) return conn.status();
    auto r = (*conn)->query(kSettingsSql);
    if (!r) return r.status();
    std::vector<uint64_t> hashes;
    hashes.reserve(static_cast<size_t>(r->rows()));
    std::vector<std::optional<std::string_view>> fields;
    for (int i = 0; i < r->rows(); ++i) {
      fields.clear();
      for (const char* f : kTextFields) fields.push_back(r->text(i, f));
      hashes.push_back(setting_hash(fields));
    }
    const auto now = SettingsChange::Clock::now();
    if (!change_.should_publish(hashes, now)) return Status::ok();
    if (const auto n = change_.changed(hashes); n && *n > 0) {
      log::info("settings changed", {{"instance", ctx.instance->name()}, {"settings", *n}});
    }

    avro::Batch batch = ctx.new_batch(kSchema);
    batch.envelope().interval_ms = 0;
    for (int i = 0; i < r->rows(); ++i) {
      auto row = batch.add("settings");
      row.set_string("name", r->str(i, "name"));
      row.set_string("setting", r->text(i, "setting"));
      row.set_string("unit", r->text(i, "unit"));
      row.set_string("source", r->text(i, "source"));
      row.set_string("boot_val", r->text(i, "boot_val"));
      row.set_string("reset_val", r->text(i, "reset_val"));
      row.set_bool("pending_restart", r->boolean(i, "pending_restart").value_or(false));
      row.set_string("context", r->str(i, "context"));
      row.set_string("vartype", r->str(i, "vartype"));
    }
    if (!batch.status()) return batch.status();
    change_.published(std::move(hashes), now);
    out.push_back(std::move(batch));
    return Status::ok();
  }

 private:
  SettingsChange change_;
};

std::unique_ptr<Plugin> create() { return std::make_unique<SettingsPlugin>(); }

const PluginDescriptor kSettingsPlugin = {
    "settings",
    kSchema,
    Scope::kInstance,
    300,
    true,
    "pg_settings, published only when a setting changed (and at least daily)",
    {},
    &create,
};

}  // namespace

PGA_REGISTER_PLUGIN(kSettingsPlugin);

}  // namespace pga::plugins::settings
