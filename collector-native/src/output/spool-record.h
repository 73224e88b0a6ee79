#pragma once
// One spool record on disk, little-endian:
//
//   u32 body length | u32 CRC-32 of the body | body = u16 topic length, topic, u16 key length, key, payload
//
// The length and CRC come first so a reader can tell a complete record from one torn by a crash (too short
// for its length, or a CRC that does not match) and cut the segment there.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace pga::output {

inline constexpr size_t kRecordHeaderBytes = 8;
// Far above any Kafka message the agent sends (message_max_bytes ≤ 16 MiB); a bigger length is damage.
inline constexpr uint32_t kMaxRecordBody = 64u << 20;

struct RecordView {
  std::string_view topic;
  std::string_view key;
  std::string_view payload;
};

// The whole record, header included. Topic and key must be shorter than 64 KiB.
std::string encode_record(std::string_view topic, std::string_view key, std::string_view payload);
// The record without its payload (header, topic, key): written before the payload, so a megabyte payload
// is never copied to build a record.
std::string encode_record_head(std::string_view topic, std::string_view key, std::string_view payload);
size_t encoded_record_size(std::string_view topic, std::string_view key, std::string_view payload);

// Reads the header; false when `length` is impossible.
bool decode_header(const char* header, uint32_t* length, uint32_t* crc);

// Checks the CRC and splits the body; the views point into `body`.
Expected<RecordView> decode_body(std::string_view body, uint32_t crc);

}  // namespace pga::output
