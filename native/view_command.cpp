#include "view_command.hpp"

#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_options.hpp"
#include "input_source.hpp"
#include "web_assets.hpp"

namespace fs = std::filesystem;

namespace kspan::cli {
namespace {

constexpr const char* kName = "kspan view";

// The same policy the viewer's own server sends: nothing may leave the page's origin.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
    "img-src 'self' blob:; style-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

struct ViewOptions {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string web_dir;
};

// The streams the inputs turn into (gzip undone, archives unpacked, bundles filtered), as
// the page will read them.
class CollectedFiles : public StreamSink {
 public:
  struct File {
    std::string name;
    std::string bytes;
  };
  void begin_source(std::string_view name) override { files.push_back(File{std::string(name), {}}); }
  void push(std::string_view bytes) override { files.back().bytes.append(bytes); }
  void end_source() override {}
  std::vector<File> files;
};

std::vector<Flag> view_flags(ViewOptions& o) {
  return {
      {"--host", "", "HOST", "The address to listen on (default 127.0.0.1: this machine only).",
       [&o](const std::string& v) { o.host = v; }},
      {"--port", "-p", "PORT", "The port (default 8080; 0 picks a free one).",
       [&o](const std::string& v) {
         char* end = nullptr;
         const long port = std::strtol(v.c_str(), &end, 10);
         if (v.empty() || *end != '\0' || port < 0 || port > 65535) throw UsageError("bad --port '" + v + "'");
         o.port = static_cast<int>(port);
       }},
      {"--web-dir", "", "DIR", "The built viewer (default: build/web beside this program, or $KSPAN_WEB_DIR).",
       [&o](const std::string& v) { o.web_dir = v; }},
  };
}

std::string help_text(const std::vector<Flag>& flags) {
  return std::string("Usage: kspan view [flags] [DUMP...]\n\n") +
         "Serves the kspan viewer on this machine with the dumps open, and prints its address.\n"
         "DUMP is anything `kspan convert` reads (files, '-', folders, gzip, tar, support\n"
         "bundles). The page converts them in the browser; with no DUMP it opens the sample.\n\n"
         "Flags:\n" +
         format_flags(flags) + "\nStop it with Ctrl-C.\n";
}

std::string manifest(const std::vector<CollectedFiles::File>& files) {
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < files.size(); ++i)
    list.push_back({{"name", files[i].name}, {"url", "files/" + std::to_string(i)}});
  return nlohmann::json{{"files", list}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

const char* mime_type(const fs::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".wasm") return "application/wasm";
  return "application/octet-stream";
}

// A file under the viewer's folder, never outside it.
std::optional<fs::path> web_file(const fs::path& root, const std::string& url_path) {
  std::string relative = url_path == "/" ? "index.html" : url_path.substr(1);
  const fs::path candidate = (root / relative).lexically_normal();
  const auto [end, _] = std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
  std::error_code error;
  if (end != root.end() || !fs::is_regular_file(candidate, error)) return std::nullopt;
  return candidate;
}

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void route(httplib::Server& server, const fs::path& root, const CollectedFiles& collected) {
  const bool has_dumps = !collected.files.empty();
  server.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy}, {"Cache-Control", "no-store"}});
  server.Get("/open.json", [&collected, has_dumps, root](const httplib::Request&, httplib::Response& res) {
    if (has_dumps) {
      res.set_content(manifest(collected.files), "application/json");
    } else if (auto sample = web_file(root, "/open.json")) {
      res.set_content(read_whole(*sample), "application/json");
    } else {
      res.status = 404;
    }
  });
  server.Get(R"(/files/(\d+))", [&collected](const httplib::Request& req, httplib::Response& res) {
    const size_t index = std::stoul(req.matches[1].str());
    if (index >= collected.files.size()) {
      res.status = 404;
      return;
    }
    res.set_content(collected.files[index].bytes, "application/octet-stream");
  });
  server.Get(".*", [root](const httplib::Request& req, httplib::Response& res) {
    auto file = web_file(root, req.path);
    if (!file) {
      res.status = 404;
      return;
    }
    res.set_content(read_whole(*file), mime_type(*file));
  });
}

int run_view(const std::vector<std::string>& args) {
  ViewOptions o;
  auto flags = view_flags(o);
  ParsedArgs parsed;
  if (auto stop = parse_command_line(kName, args, flags, help_text(flags), parsed)) return *stop;
  const auto root = find_web_dir(o.web_dir);
  if (!root) {
    std::cerr << kName << ": " << missing_web_dir_message() << '\n';
    return kExitFailure;
  }
  CollectedFiles collected;
  InputFeeder feeder(collected, std::cerr);
  for (const auto& input : parsed.positionals) feeder.feed(input);
  if (!parsed.positionals.empty() && collected.files.empty()) {
    std::cerr << kName << ": no input could be read\n";
    return kExitFailure;
  }

  httplib::Server server;
  route(server, *root, collected);
  const int port = o.port == 0 ? server.bind_to_any_port(o.host) : (server.bind_to_port(o.host, o.port) ? o.port : -1);
  if (port < 0) {
    std::cerr << kName << ": cannot listen on " << o.host << ":" << o.port << " (in use? try --port 0)\n";
    return kExitFailure;
  }
  std::cout << "kspan viewer: http://" << o.host << ":" << port << "/  (" << collected.files.size()
            << " files open; Ctrl-C to stop)" << std::endl;
  return server.listen_after_bind() ? kExitOk : kExitFailure;
}

}  // namespace

Command view_command() { return {"view", "Serve the viewer on this machine with dumps open.", run_view}; }

}  // namespace kspan::cli
