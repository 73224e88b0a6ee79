// The statements plugin: pg_stat_statements as interval deltas per (dbid, userid, queryid, toplevel), plus
// one pg_stat_statements_info row (schemas/metrics.statements.v1.avsc). Delta, reset and first-sight rules
// are in statement-state.h, the row cap in statement-top-n.h. The agent's own statements — its role's and
// the queryids whose text carries the marker comment (learned by querytexts) — are left out in SQL.
#include <algorithm>
#include <chrono>
#include <optional>
#include <vector>

#include "core/log.h"
#include "plugins/common/plugin-option.h"
#include "plugins/plugin.h"
#include "plugins/statements/oid-names.h"
#include "plugins/statements/statement-deltas.h"
#include "plugins/statements/statement-pages.h"
#include "plugins/statements/statement-rows.h"
#include "plugins/statements/statement-state.h"
#include "plugins/statements/statement-top-n.h"
#include "plugins/statements/statements-sql.h"

namespace pga::plugins::statements {
namespace {

constexpr const char* kSchema = "metrics.statements.v1";
// The installed extension is re-read this often: ALTER EXTENSION ... UPDATE changes its columns.
constexpr auto kExtensionRecheck = std::chrono::minutes(10);

struct InfoSample {
  std::optional<int64_t> dealloc;
  std::optional<int64_t> stats_reset_us;
  int64_t now_us = kNoTime;
};

class StatementsPlugin : public Plugin {
 public:
  Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) override {
    if (!ctx.instance) return Status::internal("statements: no instance");
    auto conn = ctx.instance->primary();
    if (!conn) return conn.status();
    pg::Connection& c = **conn;
    const auto now = std::chrono::steady_clock::now();
    if (ctx.instance->version_num() != version_) {
      forget();
      version_ = ctx.instance->version_num();
    }
    if (auto st = check_extension(c, now); !st) return st;

    auto info = c.query(info_sql_);
    if (!info) return fail(info.status());
    InfoSample cur{info->i64(0, "dealloc"), info->i64(0, "stats_reset_us"), info->i64(0, "now_us").value_or(kNoTime)};
    RoundFacts facts;
    facts.baseline = !has_previous_;
    facts.all_reset = has_previous_ && prev_.stats_reset_us && cur.stats_reset_us &&
                      *prev_.stats_reset_us != *cur.stats_reset_us;
    facts.previous_sample_us = has_previous_ ? prev_.now_us : kNoTime;
    facts.track_planning = info->str(0, "track_planning") != "off";
    if (!info->boolean(0, "reads_all").value_or(true) && !warned_reads_all_) {
      warned_reads_all_ = true;
      log::warn("statements: the role cannot read other roles' queryids; grant it pg_monitor",
                {{"instance", ctx.instance->name()}});
    }

    StatementDeltas changed;
    std::vector<int64_t> known;
    known.reserve(state_.size() + state_.size() / 16);
    int64_t seen = 0;
    auto& texts = ctx.instance->statement_texts();
    const OwnStatements own{ctx.instance->own_role_oid(), &ctx.instance->own_queryids()};
    const Status read = read_all_pages(c, page_sql_, own, [&](const StatementSample& s) {
      bool first_sight = false;
      if (auto d = state_.observe(s, facts, &first_sight)) changed.push_back(*d);
      if (first_sight) texts.want(s.key.queryid);
      known.push_back(s.key.queryid);
      ++seen;
    });
    if (!read) return fail(read);
    state_.end_round();
    std::sort(known.begin(), known.end());
    known.erase(std::unique(known.begin(), known.end()), known.end());
    texts.set_known(std::move(known));

    InfoRow info_row;
    info_row.stats_reset_us = cur.stats_reset_us;
    info_row.statements_seen = seen;
    set_evictions(has_previous_ ? prev_.dealloc : std::nullopt, cur.dealloc, facts.all_reset, &info_row);
    has_previous_ = true;
    prev_ = cur;
    if (facts.baseline) return Status::ok();

    const size_t top_n = static_cast<size_t>(int_option(ctx.plugin, "top_n", 5000, 100, 100000));
    std::vector<size_t> keep = select_top(changed, top_n);
    if (keep.size() < changed.size()) {
      const nlohmann::json fields = {{"instance", ctx.instance->name()},
                                     {"changed", changed.size()},
                                     {"sent", keep.size()},
                                     {"top_n", top_n}};
      if (!warned_cap_) log::info("statements: more changed entries than top_n, the rest left out", fields);
      else log::debug("statements: more changed entries than top_n, the rest left out", fields);
      warned_cap_ = true;
    }
    bool unknown = false;
    for (size_t i : keep) {
      unknown = unknown || !names_.has_database(changed[i].key.dbid) || !names_.has_role(changed[i].key.userid);
    }
    if (auto st = names_.refresh(c, unknown, now); !st) return st;

    // Rows in read order, each chunk of deltas freed once its rows are encoded: the deltas and the rows
    // are never both whole in memory.
    std::sort(keep.begin(), keep.end());
    avro::Batch batch = ctx.new_batch(kSchema);
    for (size_t i : keep) {
      changed.release_below(i);
      const StatementDelta& d = changed[i];
      write_statement_row(batch, d, names_.database(d.key.dbid), names_.role(d.key.userid));
    }
    info_row.statements_sent = static_cast<int64_t>(keep.size());
    write_info_row(batch, info_row);
    out.push_back(std::move(batch));
    return Status::ok();
  }

 private:
  // Reads the installed extension when unknown or due; a changed column set starts a new baseline.
  Status check_extension(pg::Connection& c, std::chrono::steady_clock::time_point now) {
    if (ext_ && now - ext_checked_ < kExtensionRecheck) return Status::ok();
    auto ext = pgss::read_extension(c);
    if (!ext) return ext.status();
    if (ext_ && ext_->columns != ext->columns) forget();
    page_sql_ = page_sql(*ext);
    info_sql_ = info_sql(*ext);
    ext_ = std::move(*ext);
    ext_checked_ = now;
    return Status::ok();
  }

  // A failed sample leaves the remembered one incomplete: start again from a baseline, and re-read the
  // extension in case it changed.
  Status fail(const Status& status) {
    state_.clear();
    has_previous_ = false;
    ext_.reset();
    return pgss::explain_failure(status);
  }

  void forget() {
    state_.clear();
    has_previous_ = false;
    ext_.reset();
    names_.clear();
  }

  int version_ = 0;
  std::optional<Extension> ext_;
  std::chrono::steady_clock::time_point ext_checked_{};
  std::string page_sql_;
  std::string info_sql_;
  StatementState state_;
  bool has_previous_ = false;
  InfoSample prev_;
  OidNames names_;
  bool warned_cap_ = false;
  bool warned_reads_all_ = false;
};

std::unique_ptr<Plugin> create() { return std::make_unique<StatementsPlugin>(); }

const PluginDescriptor kStatementsPlugin = {
    "statements",
    kSchema,
    Scope::kInstance,
    60,
    true,
    "pg_stat_statements interval deltas per (dbid, userid, queryid, toplevel), top-N capped",
    {
        {"top_n", OptionType::kInt, "5000", 100, 100000, "",
         "row cap: when more entries changed, the top N (by total time, calls and I/O) are sent"},
    },
    &create,
};

}  // namespace

PGA_REGISTER_PLUGIN(kStatementsPlugin);

}  // namespace pga::plugins::statements
