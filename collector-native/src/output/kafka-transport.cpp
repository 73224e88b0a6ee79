#include "output/kafka-transport.h"

#include <cstdint>

#include "core/log.h"

namespace pga::output {
namespace {

constexpr int32_t kAnyPartition = -1;  // RD_KAFKA_PARTITION_UA: the partitioner hashes the key

void* token_to_opaque(uint64_t token) { return reinterpret_cast<void*>(static_cast<uintptr_t>(token)); }
uint64_t opaque_to_token(void* opaque) { return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(opaque)); }

// Errors after which the same message will never be accepted: resending would block the spool forever.
bool permanent(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_MSG_SIZE:
    case RD_KAFKA_RESP_ERR_RECORD_LIST_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_RECORD:
    case RD_KAFKA_RESP_ERR_INVALID_MSG:
      return true;
    default:
      return false;
  }
}

const char* hint(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
    case RD_KAFKA_RESP_ERR__RESOLVE:
      return "check kafka.brokers and that the brokers are reachable from this host";
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
      return "check kafka.security (SASL mechanism, user and password)";
    case RD_KAFKA_RESP_ERR__SSL:
      return "check kafka.security (CA, certificate and key files)";
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
      return "grant the agent's principal Write on the pga topics (and IdempotentWrite on the cluster)";
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
      return "create the topics (pga topics) or check kafka.topic_prefix";
    default:
      return "the batches stay in the spool and are resent";
  }
}

}  // namespace

void KafkaDeleter::operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }

Expected<std::unique_ptr<KafkaTransport>> KafkaTransport::create(KafkaSettings settings) {
  std::unique_ptr<KafkaTransport> transport(new KafkaTransport(std::move(settings)));
  if (Status s = transport->connect(); !s) return s;
  return transport;
}

Status KafkaTransport::connect() {
  std::unique_ptr<rd_kafka_conf_t, ConfDeleter> conf(rd_kafka_conf_new());
  char errstr[512];
  for (const auto& [name, value] : settings_) {
    if (rd_kafka_conf_set(conf.get(), name.c_str(), value.c_str(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
      // the value is not repeated: it may be a password
      return Status::invalid("Kafka setting " + name + " refused: " + errstr);
    }
  }
  rd_kafka_conf_set_opaque(conf.get(), this);
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &KafkaTransport::delivery_cb);
  rd_kafka_conf_set_error_cb(conf.get(), &KafkaTransport::error_cb);
  rd_kafka_conf_set_log_cb(conf.get(), &KafkaTransport::log_cb);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr);
  if (rk == nullptr) return Status::invalid(std::string("cannot create the Kafka producer: ") + errstr);
  (void)conf.release();  // rd_kafka_new owns it now
  producer_.reset(rk);
  fatal_ = false;
  return Status::ok();
}

KafkaTransport::~KafkaTransport() {
  set_delivery_callback({});  // the sender may already be gone; purged messages stay in the spool anyway
  if (producer_) {
    // What is still queued stays in the spool; do not let rd_kafka_destroy wait for it.
    rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(producer_.get(), 0);
  }
  topics_.clear();
  producer_.reset();
}

Status KafkaTransport::produce(const std::string& topic, std::string_view key, std::string_view payload,
                               uint64_t token) {
  if (!producer_) return Status::unavailable("no Kafka producer");
  auto it = topics_.find(topic);
  if (it == topics_.end()) {
    rd_kafka_topic_t* handle = rd_kafka_topic_new(producer_.get(), topic.c_str(), nullptr);
    if (handle == nullptr) return Status::unavailable("cannot open topic " + topic);
    it = topics_.emplace(topic, std::unique_ptr<rd_kafka_topic_t, TopicDeleter>(handle)).first;
  }
  const int rc = rd_kafka_produce(it->second.get(), kAnyPartition, RD_KAFKA_MSG_F_COPY,
                                  const_cast<char*>(payload.data()), payload.size(), key.data(), key.size(),
                                  token_to_opaque(token));
  if (rc == 0) {
    outstanding_.insert(token);
    return Status::ok();
  }
  const rd_kafka_resp_err_t err = rd_kafka_last_error();
  if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) return Status::unavailable("producer queue full");
  if (permanent(err)) return Status::invalid(rd_kafka_err2str(err));
  // Unknown topic, fatal state...: a failed delivery, reported by the next poll so the sender backs off.
  on_error(err, rd_kafka_err2str(err));
  synthetic_.push_back({token, Delivery::kRetry, rd_kafka_err2str(err)});
  return Status::ok();
}

void KafkaTransport::poll(int timeout_ms) {
  if (fatal_) recreate();
  if (!synthetic_.empty()) {
    std::vector<DeliveryReport> reports;
    reports.swap(synthetic_);
    for (const auto& r : reports) report(r);
  }
  if (producer_) rd_kafka_poll(producer_.get(), timeout_ms);
}

void KafkaTransport::flush(int timeout_ms) {
  poll(0);
  if (producer_) rd_kafka_flush(producer_.get(), timeout_ms);  // serves delivery reports while it waits
}

void KafkaTransport::recreate() {
  char errstr[512] = "";
  const rd_kafka_resp_err_t err = producer_ ? rd_kafka_fatal_error(producer_.get(), errstr, sizeof errstr)
                                            : RD_KAFKA_RESP_ERR__FATAL;
  log::error("Kafka producer hit a fatal error; creating it again (unsent batches are resent from the spool)",
             {{"error", errstr[0] != '\0' ? errstr : rd_kafka_err2str(err)}});
  if (producer_) {
    rd_kafka_purge(producer_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
    rd_kafka_poll(producer_.get(), 0);
  }
  topics_.clear();
  producer_.reset();
  const std::set<uint64_t> lost = std::move(outstanding_);
  outstanding_.clear();
  for (uint64_t token : lost) report({token, Delivery::kRetry, "producer recreated"});
  if (Status s = connect(); !s) log::error("cannot create the Kafka producer again", {{"error", s.message()}});
}

void KafkaTransport::on_delivery(const rd_kafka_message_t* message) {
  const uint64_t token = opaque_to_token(message->_private);
  outstanding_.erase(token);
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    errors_logged_.clear();  // the next outage is logged again
    report({token, Delivery::kDelivered, {}});
  } else {
    report({token, permanent(message->err) ? Delivery::kRejected : Delivery::kRetry, rd_kafka_err2str(message->err)});
  }
}

void KafkaTransport::on_error(int err, const char* reason) {
  const auto code = static_cast<rd_kafka_resp_err_t>(err);
  if (code == RD_KAFKA_RESP_ERR__FATAL) fatal_ = true;
  const nlohmann::json fields = {{"error", reason != nullptr ? reason : ""}, {"code", rd_kafka_err2name(code)},
                                 {"hint", hint(code)}};
  if (errors_logged_.insert(err).second) {
    log::warn("Kafka producer error", fields);
  } else {
    log::debug("Kafka producer error", fields);
  }
}

void KafkaTransport::delivery_cb(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
  static_cast<KafkaTransport*>(opaque)->on_delivery(message);
}

void KafkaTransport::error_cb(rd_kafka_t*, int err, const char* reason, void* opaque) {
  static_cast<KafkaTransport*>(opaque)->on_error(err, reason);
}

// librdkafka's own log lines (from its threads): routed to the JSON log; errors at error, the rest at debug
// (connection trouble reaches the warn level once, through on_error).
void KafkaTransport::log_cb(const rd_kafka_t*, int level, const char* facility, const char* message) {
  const nlohmann::json fields = {{"facility", facility != nullptr ? facility : ""}};
  const std::string text = std::string("librdkafka: ") + (message != nullptr ? message : "");
  if (level <= 2) {
    log::error(text, fields);
  } else if (facility != nullptr && std::string(facility) == "CONFWARN") {
    log::warn(text, fields);
  } else {
    log::debug(text, fields);
  }
}

}  // namespace pga::output
