#pragma once
// What `pga-agent --check` prints: one line per check, "ok", "note", "warn" or "FAIL", its subject and what
// was found, and for anything not ok the fix on the next line. Lines are printed as they come (a Kafka or
// connection timeout takes seconds) when a live stream is given. The exit code is 1 when any line FAILed.
#include <ostream>
#include <string>
#include <vector>

namespace pga::check {

enum class Verdict { kOk, kNote, kWarn, kFail };

struct CheckLine {
  Verdict verdict;
  std::string subject;  // "instance main", "kafka", "api"
  std::string message;
  std::string fix;      // empty when there is nothing to do
};

class CheckReport {
 public:
  explicit CheckReport(std::ostream* live = nullptr) : live_(live) {}

  void ok(const std::string& subject, const std::string& message) { add({Verdict::kOk, subject, message, ""}); }
  void note(const std::string& subject, const std::string& message, const std::string& fix = "") {
    add({Verdict::kNote, subject, message, fix});
  }
  void warn(const std::string& subject, const std::string& message, const std::string& fix = "") {
    add({Verdict::kWarn, subject, message, fix});
  }
  void fail(const std::string& subject, const std::string& message, const std::string& fix = "") {
    add({Verdict::kFail, subject, message, fix});
  }
  void add(CheckLine line);

  const std::vector<CheckLine>& lines() const { return lines_; }
  bool failed() const;
  int exit_code() const { return failed() ? 1 : 0; }
  std::string summary() const;  // "3 ok, 1 warn, 1 FAIL"

 private:
  std::ostream* live_;
  std::vector<CheckLine> lines_;
};

std::string render_line(const CheckLine& line);

}  // namespace pga::check
