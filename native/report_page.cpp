#include "report_page.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "web_assets.hpp"

namespace kspan::cli {

namespace {
std::string script_safe(const std::string& json) {
  std::string out;
  out.reserve(json.size() + json.size() / 64);
  for (char c : json) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

// The element with its content replaced: the opening and closing tags stay.
bool replace_content(std::string& page, const std::string& placeholder, const std::string& content) {
  const size_t at = page.find(placeholder);
  if (at == std::string::npos) return false;
  const size_t open_end = placeholder.find('>') + 1;
  const size_t close_start = placeholder.rfind("</script>");
  page.replace(at + open_end, close_start - open_end, content);
  return true;
}
}  // namespace

std::optional<std::string> read_report_template(const std::string& web_dir) {
  const auto root = find_web_dir(web_dir);
  if (!root) {
    std::cerr << "kspan convert: " << missing_web_dir_message() << '\n';
    return std::nullopt;
  }
  std::ifstream in(*root / "report-template.html", std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string page = text.str();
  if (!in || page.find(kTracesPlaceholder) == std::string::npos || page.find(kSummaryPlaceholder) == std::string::npos) {
    std::cerr << "kspan convert: " << (*root / "report-template.html").string()
              << " is missing or has no traces placeholder; rebuild the viewer (scripts/build)\n";
    return std::nullopt;
  }
  return page;
}

std::string fill_report(const std::string& page, const std::string& otlp_json, const std::string& summary_json) {
  std::string out = page;
  replace_content(out, kTracesPlaceholder, script_safe(otlp_json));
  replace_content(out, kSummaryPlaceholder, script_safe(summary_json));
  return out;
}

}  // namespace kspan::cli
