#include "replay_support.hpp"

#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <google/protobuf/util/message_differencer.h>

#include "otlp_json.hpp"

namespace kspan::exporter::test {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int shell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) out += {digits[c >> 4], digits[c & 15]};
  return out;
}

}  // namespace

TempDir::TempDir() {
  path_ = std::filesystem::temp_directory_path() / ("kspan-export-test-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

Run run_kspan(const std::string& args, const std::map<std::string, std::string>& env) {
  TempDir dir;
  std::string command = "env";
  for (const char* name : {"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                           "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
                           "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_RESOURCE_ATTRIBUTES"})
    command += std::string(" -u ") + name;
  // Under the sanitizer build, third-party leaks at exit are not kspan's (see lsan.supp).
  command += " LSAN_OPTIONS=suppressions=" + quote(KSPAN_LSAN_SUPPRESSIONS);
  for (const auto& [key, value] : env) command += " " + key + "=" + quote(value);
  command += " " + quote(KSPAN_BINARY) + " " + args + " >" + quote((dir.path() / "out").string()) + " 2>" +
             quote((dir.path() / "err").string());
  auto start = std::chrono::steady_clock::now();
  Run run;
  run.exit_code = shell(command);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.out = read_file(dir.path() / "out");
  run.err = read_file(dir.path() / "err");
  return run;
}

SpanSet flatten(const std::vector<collector::ExportTraceServiceRequest>& requests) {
  SpanSet set;
  for (const auto& request : requests)
    for (const auto& rs : request.resource_spans())
      for (const auto& ss : rs.scope_spans())
        for (const auto& span : ss.spans()) {
          FlatSpan flat{span, rs.resource().SerializeAsString(), ss.scope().SerializeAsString()};
          if (!set.spans.emplace(span.span_id(), std::move(flat)).second) ++set.duplicates;
        }
  return set;
}

collector::ExportTraceServiceRequest convert(const std::string& input, const std::map<std::string, std::string>& env) {
  TempDir dir;
  auto output = (dir.path() / "convert.json").string();
  Run run = run_kspan("convert -q -o " + quote(output) + " " + quote(input), env);
  if (run.exit_code != 0) throw std::runtime_error("kspan convert failed: " + run.err);
  collector::ExportTraceServiceRequest request;
  std::string error = parse_otlp_json(read_file(output), request);
  if (!error.empty()) throw std::runtime_error("kspan convert output: " + error);
  return request;
}

std::string compare(const SpanSet& expected, const SpanSet& actual) {
  std::string out;
  for (const auto& [id, want] : expected.spans) {
    auto it = actual.spans.find(id);
    if (it == actual.spans.end()) {
      out += "missing span " + hex(id) + " " + want.span.name() + "\n";
      continue;
    }
    std::string difference;
    google::protobuf::util::MessageDifferencer differencer;
    differencer.ReportDifferencesToString(&difference);
    if (!differencer.Compare(want.span, it->second.span)) out += "span " + hex(id) + ": " + difference;
    if (want.resource != it->second.resource) out += "span " + hex(id) + ": other resource\n";
    if (want.scope != it->second.scope) out += "span " + hex(id) + ": other scope\n";
  }
  for (const auto& [id, got] : actual.spans)
    if (!expected.spans.count(id)) out += "unexpected span " + hex(id) + " " + got.span.name() + "\n";
  return out;
}

TestCertificates::TestCertificates() {
  auto p = [this](const char* name) { return (dir.path() / name).string(); };
  ca = p("ca.pem");
  other_ca = p("other-ca.pem");
  server_certificate = p("server.pem");
  server_key = p("server-key.pem");
  std::string quiet = " 2>/dev/null";
  std::string commands[] = {
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=kspan-test-ca -keyout " + p("ca-key.pem") +
          " -out " + ca + quiet,
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=kspan-other-ca -keyout " + p("other-key.pem") +
          " -out " + other_ca + quiet,
      "openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout " + server_key + " -out " + p("server.csr") +
          quiet,
      "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > " + p("san.ext"),
      "openssl x509 -req -in " + p("server.csr") + " -CA " + ca + " -CAkey " + p("ca-key.pem") +
          " -CAcreateserial -days 1 -extfile " + p("san.ext") + " -out " + server_certificate + quiet,
  };
  for (const auto& command : commands)
    if (shell(command) != 0) throw std::runtime_error("openssl failed: " + command);
}

}  // namespace kspan::exporter::test
