// Writing JSON strings: escapes, and invalid UTF-8 replaced by U+FFFD so output always parses.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace kspan {

void append_json_string(std::string& out, std::string_view text);
// The text with every byte that is not part of valid UTF-8 replaced by U+FFFD; false when
// nothing needed replacing.
bool replace_invalid_utf8(std::string_view text, std::string& out);
bool is_valid_utf8(std::string_view text);

}  // namespace kspan
