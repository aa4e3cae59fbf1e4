// Where the built viewer lives, for `kspan view` and `kspan convert --format html`.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

namespace kspan::cli {

// --web-dir when given, else $KSPAN_WEB_DIR, else next to the program: build/web beside
// build/native in a build tree, share/kspan/web in an install. nullopt when none holds index.html.
std::optional<std::filesystem::path> find_web_dir(const std::string& explicit_dir);

// The message for a missing viewer build, naming what to run.
std::string missing_web_dir_message();

}  // namespace kspan::cli
