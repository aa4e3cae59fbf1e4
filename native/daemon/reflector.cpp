#include "reflector.hpp"

#include <curl/curl.h>

#include <random>

#include "backoff.hpp"
#include "json_member.hpp"
#include "log.hpp"

namespace kspan::daemon {
namespace {

using nlohmann::json;

std::string url_encode(const std::string& text) {
  std::string out;
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string status_message(const ApiResponse& r) {
  if (r.status == 0) return r.error;
  json doc = json::parse(r.body, nullptr, false);
  std::string message = string_member(doc, "message");
  return "HTTP " + std::to_string(r.status) + (message.empty() ? "" : ": " + message) + (r.error.empty() ? "" : "; " + r.error);
}

std::string resource_version_of(const json& object) {
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return {};
  return string_member(*meta, "resourceVersion");
}

// The envelope's members the reflector reads itself, around what the sink reads of the object.
JsonShape watch_line_shape(const JsonShape& object) {
  JsonShape shape{{"type", true}, {"object", object}};
  shape["object"]["metadata"]["resourceVersion"] = true;
  shape["object"]["code"] = true;     // of an ERROR's Status
  shape["object"]["message"] = true;
  return shape;
}

}  // namespace

Reflector::Reflector(ApiClient& client, ReflectorOptions options, ReflectorSink& sink, Metrics& metrics)
    : client_(client), options_(std::move(options)), sink_(sink), metrics_(metrics) {
  if (const JsonShape* object = sink_.object_shape()) line_shape_ = watch_line_shape(*object);
}

Reflector::~Reflector() {
  stop();
  join();
}

void Reflector::start() { thread_ = std::thread([this] { run(); }); }
void Reflector::stop() { stop_.request("stopped"); }
void Reflector::join() {
  if (thread_.joinable()) thread_.join();
}

void Reflector::refused(long status) {
  metrics_.kind_refused(options_.resource.label(), status);
  if (!refusal_logged_) {
    log_warn("kind refused; correlation falls back to evidence and name patterns for it; retried rarely",
             {{"kind", options_.resource.label()}, {"status", status},
              {"retry_in_s", std::chrono::duration_cast<std::chrono::seconds>(options_.refused_retry).count()}});
    refusal_logged_ = true;
  }
  sink_.on_refused(status);
  settled_ = true;
}

Reflector::End Reflector::classify(const ApiResponse& r, const std::string& what) {
  if (r.error == "stopped" || stop_.requested()) return End::kStopped;
  if (r.status == 410) return End::kExpired;
  if (r.status == 403 || r.status == 404) {
    refused(r.status);
    return End::kRefused;
  }
  log_warn(what + " failed", {{"resource", options_.resource.label()}, {"error", status_message(r)}});
  return End::kFailed;
}

Reflector::End Reflector::list(bool first) {
  std::vector<json> items;
  std::string token;
  do {
    std::string path = options_.resource.collection_path(options_.namespace_name) + "?limit=" + std::to_string(options_.page_size);
    if (!token.empty()) path += "&continue=" + url_encode(token);
    Request request;
    request.path = path;
    request.accept = options_.metadata_only ? kAcceptMetadataList : kAcceptJson;
    request.stop = &stop_.atomic();
    ApiResponse r = client_.send(request);
    if (!r.ok()) {
      if (r.status == 410 && !token.empty()) {  // the continue token expired: list again from the start
        items.clear();
        token.clear();
        continue;
      }
      return classify(r, "list");
    }
    json page = json::parse(r.body, nullptr, false);
    if (page.is_discarded() || !page.is_object()) return classify(ApiResponse{r.status, "", "list: not JSON"}, "list");
    if (json& page_items = page["items"]; page_items.is_array())
      for (auto& item : page_items)
        if (item.is_object()) items.push_back(std::move(item));  // the sinks add members to each
    const json& meta = page["metadata"];
    token = string_member(meta, "continue");
    resource_version_ = string_member(meta, "resourceVersion");
  } while (!token.empty() && !stop_.requested());
  if (stop_.requested()) return End::kStopped;
  log_debug("listed", {{"resource", options_.resource.label()}, {"items", items.size()}, {"resourceVersion", resource_version_}});
  sink_.on_list(std::move(items), first);
  settled_ = true;
  return End::kClosed;
}

std::string Reflector::watch_path() const {
  static thread_local std::mt19937 random{std::random_device{}()};
  const auto base = options_.watch_timeout.count();
  const auto timeout = base + std::uniform_int_distribution<long>(0, std::max<long>(0, base))(random);
  return options_.resource.collection_path(options_.namespace_name) + "?watch=1&allowWatchBookmarks=true&resourceVersion=" +
         url_encode(resource_version_) + "&timeoutSeconds=" + std::to_string(timeout);
}

json Reflector::parse_line(std::string_view line) const {
  return line_shape_ ? parse_pruned(line, *line_shape_) : json::parse(line, nullptr, false);
}

Reflector::End Reflector::on_line(std::string_view line) {
  if (line.empty()) return End::kClosed;
  json doc = parse_line(line);
  if (doc.is_discarded() || !doc.is_object()) {
    log_warn("watch: a line that is not JSON", {{"resource", options_.resource.label()}});
    return End::kClosed;
  }
  const std::string type = string_member(doc, "type");
  json& object = doc["object"];
  if (type == "ERROR") {
    const long code = integer_member(object, "code");
    if (code == 410) return End::kExpired;
    log_warn("watch: the server sent an error", {{"resource", options_.resource.label()}, {"code", code},
                                                 {"message", string_member(object, "message")}});
    return End::kFailed;
  }
  if (std::string rv = object.is_object() ? resource_version_of(object) : ""; !rv.empty()) resource_version_ = rv;
  if (type == "BOOKMARK") return End::kClosed;
  if (object.is_object()) sink_.on_watch(type, object, line);
  return End::kClosed;
}

Reflector::End Reflector::watch() {
  line_end_ = End::kClosed;
  lines_in_watch_ = 0;
  const LineHandler handler = [this](std::string_view line) {
    ++lines_in_watch_;
    End end = on_line(line);
    if (end == End::kClosed) return true;
    line_end_ = end;
    return false;
  };
  const auto idle = options_.watch_timeout * 2 + std::chrono::seconds(30);
  ApiResponse r = client_.stream(watch_path(), options_.metadata_only ? kAcceptMetadata : kAcceptJson, handler,
                                 stop_.atomic(), idle);
  if (stop_.requested()) return End::kStopped;
  if (line_end_ != End::kClosed) return line_end_;
  if (r.status == 200) return End::kClosed;
  return classify(r, "watch");
}

void Reflector::run() {
  Backoff backoff(options_.backoff_initial, options_.backoff_max);
  const std::string label = options_.resource.label();
  bool first = true;
  bool need_list = true;
  while (!stop_.requested()) {
    const bool listing = need_list;
    End end = listing ? list(first) : watch();
    if (end == End::kStopped) break;
    if (need_list && end == End::kClosed) {  // listed: watch next
      first = false;
      need_list = false;
      backoff.reset();
      continue;
    }
    std::chrono::milliseconds wait{0};
    switch (end) {
      case End::kClosed:  // the server ended the watch (its timeout): go on from where it was
        metrics_.watch_restart(label, "closed");
        if (lines_in_watch_ == 0) wait = backoff.next();
        else backoff.reset();
        break;
      case End::kExpired:  // 410: too old to go on from; list again
        metrics_.watch_restart(label, "expired");
        log_info("resourceVersion too old (410); listing again", {{"resource", label}});
        need_list = true;
        if (listing) wait = backoff.next();
        break;
      case End::kRefused:
        metrics_.watch_restart(label, "refused");
        need_list = true;
        wait = options_.refused_retry;
        break;
      default:
        metrics_.watch_restart(label, "error");
        wait = backoff.next();
        break;
    }
    if (wait.count() > 0 && stop_.wait_for(wait)) break;
  }
}

}  // namespace kspan::daemon
