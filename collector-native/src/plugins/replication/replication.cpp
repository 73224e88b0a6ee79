// The replication plugin: replication seen from both sides (schemas/metrics.replication.v1.avsc) — the
// standbys and logical subscribers a server sends to (pg_stat_replication), its replication slots with the
// WAL they retain, and on a standby its WAL receiver. All gauges, except the spill/stream/total counters of
// logical slots, which are deltas keyed by slot name: a slot seen for the first time has null deltas (no
// baseline yet) rather than its lifetime totals.
#include <string>

#include "plugins/common/view-counter-rows.h"
#include "plugins/plugin.h"
#include "plugins/replication/replication-sql.h"

namespace pga::plugins::replication {
namespace {

constexpr const char* kSchema = "metrics.replication.v1";

void write_replica(avro::Batch& batch, const pg::Result& r, int i) {
  auto row = batch.add("replicas");
  row.set_long("pid", r.i64(i, "pid").value_or(0));
  row.set_string("usename", r.text(i, "usename"));
  row.set_string("application_name", r.text(i, "application_name").value_or(""));
  row.set_string("client_addr", r.text(i, "client_addr"));
  row.set_string("state", r.text(i, "state").value_or(""));
  row.set_string("sync_state", r.text(i, "sync_state").value_or(""));
  row.set_long("sync_priority", r.i64(i, "sync_priority"));
  for (const char* f : {"sent_lag_bytes", "write_lag_bytes", "flush_lag_bytes", "replay_lag_bytes",
                        "backend_xmin_age"}) {
    row.set_long(f, r.i64(i, f));
  }
  for (const char* f : {"write_lag_ms", "flush_lag_ms", "replay_lag_ms"}) row.set_double(f, r.f64(i, f));
  row.set_timestamp_us("reply_time", r.i64(i, "reply_time"));
}

void write_slot(avro::Batch& batch, const pg::Result& r, int i, const std::optional<counters::Deltas>& d) {
  auto row = batch.add("slots");
  row.set_string("slot_name", r.text(i, "slot_name").value_or(""));
  row.set_string("slot_type", r.text(i, "slot_type").value_or(""));
  row.set_string("plugin", r.text(i, "plugin"));
  row.set_string("database", r.text(i, "database"));
  row.set_bool("active", r.boolean(i, "active").value_or(false));
  row.set_bool("temporary", r.boolean(i, "temporary").value_or(false));
  row.set_long("retained_wal_bytes", r.i64(i, "retained_wal_bytes"));
  row.set_string("wal_status", r.text(i, "wal_status"));
  for (const char* f : {"safe_wal_size", "xmin_age", "catalog_xmin_age"}) row.set_long(f, r.i64(i, f));
  row.set_bool("conflicting", r.boolean(i, "conflicting"));
  row.set_string("invalidation_reason", r.text(i, "invalidation_reason"));
  row.set_timestamp_us("inactive_since", r.i64(i, "inactive_since"));
  if (d) counters::write_deltas(row, slot_counter_fields(), *d);
  row.set_bool("reset", d && d->reset);
}

void write_receiver(avro::Batch& batch, const pg::Result& r, int i) {
  auto row = batch.add("receiver");
  row.set_string("status", r.text(i, "status").value_or("stopped"));
  row.set_string("sender_host", r.text(i, "sender_host"));
  row.set_long("sender_port", r.i64(i, "sender_port"));
  row.set_string("slot_name", r.text(i, "slot_name"));
  row.set_long("receive_lag_bytes", r.i64(i, "receive_lag_bytes"));
  row.set_long("replay_lag_bytes", r.i64(i, "replay_lag_bytes"));
  row.set_double("replay_delay_s", r.f64(i, "replay_delay_s"));
  row.set_double("last_msg_age_s", r.f64(i, "last_msg_age_s"));
  row.set_bool("replay_paused", r.boolean(i, "replay_paused"));
}

class ReplicationPlugin : public Plugin {
 public:
  Status collect(CollectContext& ctx, std::vector<avro::Batch>& out) override {
    if (!ctx.instance) return Status::internal("replication: no instance");
    auto conn = ctx.instance->primary();
    if (!conn) return conn.status();
    const int version = ctx.instance->version_num();
    if (version != version_) {
      slots_.clear();
      version_ = version;
    }

    auto replicas = (*conn)->query(replicas_sql(version));
    if (!replicas) return replicas.status();
    auto slots = (*conn)->query(slots_sql(version));
    if (!slots) return slots.status();
    // The receiver query returns no row on a primary, so it need not wait for the engine's role check.
    auto receiver = (*conn)->query(receiver_sql(version));
    if (!receiver) return receiver.status();

    avro::Batch batch = ctx.new_batch(kSchema);
    for (int i = 0; i < replicas->rows(); ++i) write_replica(batch, *replicas, i);
    for (int i = 0; i < slots->rows(); ++i) {
      auto d = slots_.update(slots->str(i, "slot_name"), counters::sample_row(*slots, i, slot_counter_fields()));
      write_slot(batch, *slots, i, d);
    }
    slots_.commit();
    for (int i = 0; i < receiver->rows(); ++i) write_receiver(batch, *receiver, i);
    out.push_back(std::move(batch));
    return Status::ok();
  }

 private:
  int version_ = -1;
  counters::KeyedCounters<std::string> slots_;
};

std::unique_ptr<Plugin> create() { return std::make_unique<ReplicationPlugin>(); }

const PluginDescriptor kReplicationPlugin{
    "replication",
    kSchema,
    Scope::kInstance,
    30,
    true,
    "standbys and lag (pg_stat_replication), slots and retained WAL, the WAL receiver of a standby",
    {},
    &create,
};

}  // namespace

PGA_REGISTER_PLUGIN(kReplicationPlugin);

}  // namespace pga::plugins::replication
