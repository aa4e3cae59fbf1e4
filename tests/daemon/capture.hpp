// The shared fixtures' kspan captures as a timeline the simulator plays: each record with the
// time its capture header gives, all times moved so that the capture happens now.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kspan::daemon::test {

struct CaptureRecord {
  int64_t time_ns = 0;  // the header's observation time
  std::string style;    // event, initial
  nlohmann::json object;
};

// Throws std::runtime_error when the file is not a kspan capture.
std::vector<CaptureRecord> read_capture(const std::string& path);

// Every RFC 3339 time in value moved by offset_ns, with as many fraction digits as it had.
void shift_times(nlohmann::json& value, int64_t offset_ns);

// The whole-second offset that puts the first record at or just after not_before_ns.
int64_t offset_to(const std::vector<CaptureRecord>& records, int64_t not_before_ns);

}  // namespace kspan::daemon::test
