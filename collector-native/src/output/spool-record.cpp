#include "output/spool-record.h"

#include "output/crc32.h"

namespace pga::output {
namespace {

void put_u32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put_u16(std::string& out, uint16_t v) {
  out += static_cast<char>(v & 0xff);
  out += static_cast<char>(v >> 8);
}
uint32_t get_u32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
uint16_t get_u16(const char* p) {
  return static_cast<uint16_t>(static_cast<unsigned char>(p[0]) | (static_cast<unsigned char>(p[1]) << 8));
}

}  // namespace

size_t encoded_record_size(std::string_view topic, std::string_view key, std::string_view payload) {
  return kRecordHeaderBytes + 2 + topic.size() + 2 + key.size() + payload.size();
}

std::string encode_record_head(std::string_view topic, std::string_view key, std::string_view payload) {
  std::string prefix;
  prefix.reserve(4 + topic.size() + key.size());
  put_u16(prefix, static_cast<uint16_t>(topic.size()));
  prefix.append(topic);
  put_u16(prefix, static_cast<uint16_t>(key.size()));
  prefix.append(key);
  std::string head;
  head.reserve(kRecordHeaderBytes + prefix.size());
  put_u32(head, static_cast<uint32_t>(prefix.size() + payload.size()));
  put_u32(head, crc32(payload, crc32(prefix)));
  head += prefix;
  return head;
}

std::string encode_record(std::string_view topic, std::string_view key, std::string_view payload) {
  std::string out = encode_record_head(topic, key, payload);
  out.append(payload);
  return out;
}

bool decode_header(const char* header, uint32_t* length, uint32_t* crc) {
  *length = get_u32(header);
  *crc = get_u32(header + 4);
  return *length >= 4 && *length <= kMaxRecordBody;
}

Expected<RecordView> decode_body(std::string_view body, uint32_t crc) {
  if (crc32(body) != crc) return Status::internal("spool record CRC mismatch");
  if (body.size() < 2) return Status::internal("spool record too short");
  const size_t topic_len = get_u16(body.data());
  if (body.size() < 2 + topic_len + 2) return Status::internal("spool record topic overruns the record");
  const size_t key_len = get_u16(body.data() + 2 + topic_len);
  if (body.size() < 4 + topic_len + key_len) return Status::internal("spool record key overruns the record");
  RecordView view;
  view.topic = body.substr(2, topic_len);
  view.key = body.substr(4 + topic_len, key_len);
  view.payload = body.substr(4 + topic_len + key_len);
  return view;
}

}  // namespace pga::output
