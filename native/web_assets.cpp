#include "web_assets.hpp"

#include <cstdlib>
#include <system_error>
#include <vector>

namespace fs = std::filesystem;

namespace kspan::cli {

namespace {
bool holds_viewer(const fs::path& dir) {
  std::error_code error;
  return fs::is_regular_file(dir / "index.html", error);
}

fs::path program_dir() {
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  return error ? fs::path() : self.parent_path();
}
}  // namespace

std::optional<fs::path> find_web_dir(const std::string& explicit_dir) {
  if (!explicit_dir.empty()) return holds_viewer(explicit_dir) ? std::optional<fs::path>(explicit_dir) : std::nullopt;
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("KSPAN_WEB_DIR"); env != nullptr && *env != '\0') candidates.emplace_back(env);
  const fs::path here = program_dir();
  if (!here.empty()) {
    candidates.push_back(here / ".." / "web");
    candidates.push_back(here / ".." / "share" / "kspan" / "web");
  }
  for (const auto& candidate : candidates)
    if (holds_viewer(candidate)) return fs::weakly_canonical(candidate);
  return std::nullopt;
}

std::string missing_web_dir_message() {
  return "the viewer is not built: run scripts/build (or ./run-viewer), or point --web-dir or KSPAN_WEB_DIR at it";
}

}  // namespace kspan::cli
