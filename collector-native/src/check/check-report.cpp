#include "check/check-report.h"

#include <algorithm>

namespace pga::check {
namespace {

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kOk: return "ok  ";
    case Verdict::kNote: return "note";
    case Verdict::kWarn: return "warn";
    case Verdict::kFail: return "FAIL";
  }
  return "?   ";
}

}  // namespace

std::string render_line(const CheckLine& line) {
  std::string s = std::string(verdict_name(line.verdict)) + "  " + line.subject + ": " + line.message + "\n";
  if (!line.fix.empty()) s += "      fix: " + line.fix + "\n";
  return s;
}

void CheckReport::add(CheckLine line) {
  if (live_) *live_ << render_line(line) << std::flush;
  lines_.push_back(std::move(line));
}

bool CheckReport::failed() const {
  return std::any_of(lines_.begin(), lines_.end(), [](const CheckLine& l) { return l.verdict == Verdict::kFail; });
}

std::string CheckReport::summary() const {
  int counts[4] = {0, 0, 0, 0};
  for (const auto& l : lines_) ++counts[static_cast<int>(l.verdict)];
  return std::to_string(counts[0]) + " ok, " + std::to_string(counts[1]) + " note, " + std::to_string(counts[2]) +
         " warn, " + std::to_string(counts[3]) + " FAIL";
}

}  // namespace pga::check
