// `kspan convert --format html`: the viewer's report template with the traces inside, one
// file that opens from disk with no network.
#pragma once
#include <optional>
#include <string>

namespace kspan::cli {

// The elements the template holds and the traces replace, written exactly so.
inline constexpr const char* kTracesPlaceholder =
    R"(<script id="kspan-traces" type="application/json">/*KSPAN_TRACES*/</script>)";
inline constexpr const char* kSummaryPlaceholder =
    R"(<script id="kspan-summary" type="application/json">/*KSPAN_SUMMARY*/</script>)";

// report-template.html from the built viewer; prints why and returns nullopt when missing.
std::optional<std::string> read_report_template(const std::string& web_dir);

// The page with the OTLP/JSON traces and the summary JSON in place of the placeholders.
// Every '<' in the JSON becomes \u003c, so no text of an event can close the script element.
std::string fill_report(const std::string& page, const std::string& otlp_json, const std::string& summary_json);

}  // namespace kspan::cli
