// The querytexts plugin: the normalised text of pg_stat_statements entries (schemas/metrics.querytexts.v1.avsc),
// for the queryids the statements plugin saw for the first time and, every refresh_s, for every known one.
// The query fingerprint is computed by the ingest from the text; the agent only sends the text.
//
// Texts carrying the agent's marker comment are never sent: their queryids are added to the instance's
// own_queryids, which the statements plugin leaves out from then on.
//
// Memory: per run at most kMaxIdsPerRun queryids are asked for, and the answer is capped in SQL to
// kBudgetBytes of text (each text cut to max_bytes); the queryids beyond the budget stay wanted.
#include <chrono>
#include <optional>
#include <vector>

#include "plugins/common/pgss-extension.h"
#include "plugins/common/plugin-option.h"
#include "plugins/common/sql-arrays.h"
#include "plugins/plugin.h"
#include "plugins/querytexts/query-text.h"
#include "plugins/querytexts/querytexts-sql.h"

namespace pga::plugins::querytexts {
namespace {

constexpr const char* kSchema = "metrics.querytexts.v1";
constexpr size_t kMaxIdsPerRun = 5000;
constexpr int64_t kBudgetBytes = 2 * 1024 * 1024;
constexpr size_t kMaxOwnQueryids = 10000;
constexpr auto kExtensionRecheck = std::chrono::minutes(10);

class QueryTextsPlugin : public Plugin {
 public:
  Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) override {
    if (!ctx.instance) return Status::internal("querytexts: no instance");
    auto conn = ctx.instance->primary();
    if (!conn) return conn.status();
    pg::Connection& c = **conn;
    const auto now = std::chrono::steady_clock::now();
    if (ctx.instance->version_num() != version_) {
      ext_.reset();
      version_ = ctx.instance->version_num();
    }
    if (!ext_ || now - ext_checked_ >= kExtensionRecheck) {
      auto ext = pgss::read_extension(c);
      if (!ext) return ext.status();
      sql_ = texts_sql(*ext);
      ext_ = std::move(*ext);
      ext_checked_ = now;
    }

    auto& queue = ctx.instance->statement_texts();
    const auto refresh = std::chrono::seconds(int_option(ctx.plugin, "refresh_s", 86400, 3600, 604800));
    const int64_t max_bytes = int_option(ctx.plugin, "max_bytes", 16384, 256, 1048576);
    if (!refreshed_at_) {
      refreshed_at_ = now;  // the first texts are the statements plugin's first sightings
    } else if (now - *refreshed_at_ >= refresh) {
      queue.want_all(queue.known());
      refreshed_at_ = now;
    }
    const std::vector<int64_t> ids = queue.take(kMaxIdsPerRun);
    if (ids.empty()) return Status::ok();

    auto r = c.query(sql_, {array_literal(ids), std::to_string(max_bytes), std::to_string(kBudgetBytes)});
    if (!r) {
      queue.want_all(ids);
      ext_.reset();
      return pgss::explain_failure(r.status());
    }
    avro::Batch batch = ctx.new_batch(kSchema);
    batch.envelope().interval_ms = 0;  // a snapshot family
    auto& own = ctx.instance->own_queryids();
    for (int i = 0; i < r->rows(); ++i) {
      const int64_t queryid = r->i64(i, "queryid").value_or(0);
      const auto text = r->text(i, "query");
      if (!text) {
        queue.want(queryid);  // over this run's budget
        continue;
      }
      if (is_agent_text(*text)) {
        if (own.size() < kMaxOwnQueryids) own.insert(queryid);
        continue;
      }
      const int64_t length = r->i64(i, "query_length").value_or(static_cast<int64_t>(text->size()));
      auto row = batch.add("texts");
      row.set_long("dbid", r->i64(i, "dbid").value_or(0));
      row.set_long("userid", r->i64(i, "userid").value_or(0));
      row.set_long("queryid", queryid);
      row.set_bool("toplevel", r->boolean(i, "toplevel"));
      row.set_string("query", cut_utf8(*text, static_cast<size_t>(max_bytes)));
      row.set_bool("query_truncated", length > max_bytes);
      row.set_long("query_length", length);
    }
    // queryids not answered at all were evicted meanwhile: nothing to send for them.
    if (batch.total_rows() > 0) out.push_back(std::move(batch));
    return Status::ok();
  }

 private:
  int version_ = 0;
  std::optional<pgss::Extension> ext_;
  std::chrono::steady_clock::time_point ext_checked_{};
  std::string sql_;
  std::optional<std::chrono::steady_clock::time_point> refreshed_at_;
};

std::unique_ptr<Plugin> create() { return std::make_unique<QueryTextsPlugin>(); }

const PluginDescriptor kQuerytextsPlugin = {
    "querytexts",
    kSchema,
    Scope::kInstance,
    300,
    true,
    "normalised statement texts: new queryids, and every known one at a slow refresh, size-capped",
    {
        {"refresh_s", OptionType::kInt, "86400", 3600, 604800, "", "every known text is sent again this often"},
        {"max_bytes", OptionType::kInt, "16384", 256, 1048576, "",
         "longer texts are truncated and marked (query_truncated)"},
    },
    &create,
};

}  // namespace

PGA_REGISTER_PLUGIN(kQuerytextsPlugin);

}  // namespace pga::plugins::querytexts
