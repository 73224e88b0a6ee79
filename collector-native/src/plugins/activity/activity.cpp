// The activity plugin: a snapshot of pg_stat_activity and pg_locks (schemas/metrics.activity.v1.avsc) —
// sessions grouped by database, user, application, backend type, state and wait event; blocking pairs from
// pg_blocking_pids(); one summary row. All gauges, interval_ms 0. The agent's own sessions are left out
// and no query text is read (see session-groups.h).
//
// Bounded output: max_sessions caps the session-group rows (the largest groups kept) and the blocking pairs
// (the longest waits kept); the summary counts every session.
#include <algorithm>
#include <string>

#include "core/log.h"
#include "plugins/activity/activity-sql.h"
#include "plugins/activity/session-groups.h"
#include "plugins/plugin.h"

namespace pga::plugins::activity {
namespace {

constexpr const char* kSchema = "metrics.activity.v1";
constexpr int64_t kDefaultMaxSessions = 1000;

// The validator fills and bounds options; a hand-built configuration (tests, --once) must still not make
// the cap negative or throw. The lower bound is 1, not the documented 10, so a test can see the cap bite.
int64_t max_sessions_option(const config::PluginConfig* plugin) {
  if (!plugin || !plugin->options.is_object()) return kDefaultMaxSessions;
  auto it = plugin->options.find("max_sessions");
  if (it == plugin->options.end() || !it->is_number_integer()) return kDefaultMaxSessions;
  return std::clamp<int64_t>(it->get<int64_t>(), 1, 100000);
}

std::string pid_array(const std::set<int>& pids) {
  std::string s = "{";
  for (int pid : pids) {
    if (s.size() > 1) s += ',';
    s += std::to_string(pid);
  }
  return s + "}";
}

Session session_at(const pg::Result& r, int i) {
  Session s;
  s.pid = static_cast<int>(r.i64(i, "pid").value_or(0));
  s.datname = r.text(i, "datname");
  s.usename = r.text(i, "usename");
  s.application_name = r.text(i, "application_name");
  s.backend_type = r.text(i, "backend_type").value_or("");
  s.state = r.text(i, "state");
  s.wait_event_type = r.text(i, "wait_event_type");
  s.wait_event = r.text(i, "wait_event");
  s.xact_age_s = r.f64(i, "xact_age_s");
  s.query_age_s = r.f64(i, "query_age_s");
  s.state_change_age_s = r.f64(i, "state_change_age_s");
  s.marked = r.boolean(i, "marked").value_or(false);
  return s;
}

void write_group(avro::Batch& batch, const SessionGroup& g) {
  auto row = batch.add("sessions");
  auto opt = [](const std::optional<std::string>& v) -> std::optional<std::string_view> {
    if (!v) return std::nullopt;
    return std::string_view(*v);
  };
  row.set_string("datname", opt(g.datname));
  row.set_string("usename", opt(g.usename));
  row.set_string("application_name", opt(g.application_name));
  row.set_string("backend_type", g.backend_type);
  row.set_string("state", opt(g.state));
  row.set_string("wait_event_type", opt(g.wait_event_type));
  row.set_string("wait_event", opt(g.wait_event));
  row.set_long("count", g.count);
  row.set_double("oldest_xact_age_s", g.oldest_xact_age_s);
  row.set_double("oldest_query_age_s", g.oldest_query_age_s);
  row.set_double("oldest_state_change_age_s", g.oldest_state_change_age_s);
}

void write_summary(avro::Batch& batch, const Summary& s) {
  auto row = batch.add("summary");
  row.set_long("total", s.total);
  row.set_long("active", s.active);
  row.set_long("idle", s.idle);
  row.set_long("idle_in_transaction", s.idle_in_transaction);
  row.set_long("waiting", s.waiting);
  row.set_long("max_connections", s.max_connections);
  row.set_double("oldest_xact_age_s", s.oldest_xact_age_s);
  row.set_double("oldest_query_age_s", s.oldest_query_age_s);
  row.set_double("longest_idle_in_transaction_s", s.longest_idle_in_transaction_s);
}

void write_blocking(avro::Batch& batch, const pg::Result& r, int i) {
  auto row = batch.add("blocking");
  row.set_long("blocked_pid", r.i64(i, "blocked_pid").value_or(0));
  row.set_long("blocking_pid", r.i64(i, "blocking_pid").value_or(0));
  for (const char* f : {"blocked_usename", "blocking_usename", "blocked_datname", "blocking_datname",
                        "blocking_state", "wait_event_type", "wait_event", "lock_type"}) {
    row.set_string(f, r.text(i, f));
  }
  row.set_long("blocked_query_id", r.i64(i, "blocked_query_id"));
  row.set_long("blocking_query_id", r.i64(i, "blocking_query_id"));
  row.set_double("wait_s", r.f64(i, "wait_s").value_or(0.0));
}

class ActivityPlugin : public Plugin {
 public:
  Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) override {
    if (!ctx.instance) return Status::internal("activity: no instance");
    auto conn = ctx.instance->primary();
    if (!conn) return conn.status();
    const int version = ctx.instance->version_num();
    const int64_t max_sessions = max_sessions_option(ctx.plugin);
    const std::set<int> own_pids = ctx.instance->own_backend_pids();

    auto sessions = (*conn)->query(sessions_sql(version), {std::string(pg::kMarker)});
    if (!sessions) return sessions.status();
    SessionAggregator agg(own_pids);
    for (int i = 0; i < sessions->rows(); ++i) agg.add(session_at(*sessions, i));
    if (sessions->rows() > 0) {
      agg.set_max_connections(static_cast<int>(sessions->i64(0, "max_connections").value_or(0)));
    }

    pg::Result blocking;
    if (agg.summary().waiting > 0) {
      auto r = (*conn)->query(blocking_sql(version), {pid_array(own_pids), std::to_string(max_sessions)});
      if (!r) return r.status();
      blocking = *r;
    }

    size_t dropped = 0;
    const auto groups = agg.groups(static_cast<size_t>(max_sessions), &dropped);
    if (dropped > 0) {
      log::debug("activity: session groups capped",
                 {{"instance", ctx.instance->name()}, {"dropped", dropped}, {"max_sessions", max_sessions}});
    }
    avro::Batch batch = ctx.new_batch(kSchema);
    batch.envelope().interval_ms = 0;  // a snapshot
    for (const auto& g : groups) write_group(batch, g);
    for (int i = 0; i < blocking.rows(); ++i) write_blocking(batch, blocking, i);
    write_summary(batch, agg.summary());
    out.push_back(std::move(batch));
    return Status::ok();
  }
};

std::unique_ptr<Plugin> create() { return std::make_unique<ActivityPlugin>(); }

const PluginDescriptor kActivityPlugin{
    "activity",
    kSchema,
    Scope::kInstance,
    15,
    true,
    "sessions by state and wait event, oldest transaction and query ages, idle in transaction, blocking pairs",
    {{"max_sessions", OptionType::kInt, "1000", 10, 100000, "",
      "cap on session-group rows and blocking pairs (the largest groups, the longest waits); the summary counts "
      "all sessions"}},
    &create,
};

}  // namespace

PGA_REGISTER_PLUGIN(kActivityPlugin);

}  // namespace pga::plugins::activity
