// `kspan convert`: event dumps in, OTLP/JSON or the text tree out.
#pragma once
#include "command.hpp"

namespace kspan::cli {

Command convert_command();

}  // namespace kspan::cli
