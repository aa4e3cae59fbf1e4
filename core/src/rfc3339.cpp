#include "rfc3339.hpp"

#include <cstdio>

#include "kspan/settings.hpp"

namespace kspan {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool read_digits(std::string_view text, size_t& pos, size_t count, int64_t& value) {
  if (pos + count > text.size()) return false;
  value = 0;
  for (size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += count;
  return true;
}

bool expect(std::string_view text, size_t& pos, char a, char b = 0) {
  if (pos >= text.size()) return false;
  if (text[pos] != a && (b == 0 || text[pos] != b)) return false;
  ++pos;
  return true;
}

unsigned days_in_month(int64_t year, unsigned month) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

std::optional<int64_t> parse_rfc3339(std::string_view text) {
  size_t pos = 0;
  int64_t year, month, day, hour, minute, second;
  if (!read_digits(text, pos, 4, year) || !expect(text, pos, '-') || !read_digits(text, pos, 2, month) ||
      !expect(text, pos, '-') || !read_digits(text, pos, 2, day) || !expect(text, pos, 'T', 't') ||
      !read_digits(text, pos, 2, hour) || !expect(text, pos, ':') || !read_digits(text, pos, 2, minute) ||
      !expect(text, pos, ':') || !read_digits(text, pos, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, static_cast<unsigned>(month)) ||
      hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  int64_t nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 9) nanos = nanos * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (size_t i = digits; i < 9; ++i) nanos *= 10;
  }
  int64_t offset_seconds = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int64_t offset_hours, offset_minutes;
    if (!read_digits(text, pos, 2, offset_hours) || !expect(text, pos, ':') ||
        !read_digits(text, pos, 2, offset_minutes) || offset_hours > 23 || offset_minutes > 59)
      return std::nullopt;
    offset_seconds = sign * (offset_hours * 3600 + offset_minutes * 60);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  // OTLP times are unsigned nanoseconds since 1970; the core keeps them in int64 (until 2262).
  if (seconds < 0 || seconds >= INT64_MAX / kNanosPerSecond) return std::nullopt;
  return seconds * kNanosPerSecond + nanos;
}

namespace {
// Writes `value` as exactly `width` decimal digits, zero-padded.
char* put_digits(char* out, int64_t value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10) out[i] = static_cast<char>('0' + value % 10);
  return out + width;
}
}  // namespace

// Digits written by hand: snprintf took some 4,000 instructions a call (a repeated event's
// span formats its first time).
std::string format_rfc3339(int64_t unix_ns) {
  int64_t seconds = unix_ns / kNanosPerSecond;
  int64_t nanos = unix_ns % kNanosPerSecond;
  if (nanos < 0) {
    nanos += kNanosPerSecond;
    --seconds;
  }
  int64_t days = seconds / 86400;
  int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  int64_t year;
  unsigned month, day;
  civil_from_days(days, year, month, day);
  char buffer[48];
  char* out = buffer;
  if (year >= 0 && year <= 9999) {
    out = put_digits(out, year, 4);
  } else {  // years of int64 nanoseconds outside 0..9999: as printf's %04lld writes them
    out += std::snprintf(buffer, sizeof buffer, "%04lld", static_cast<long long>(year));
  }
  *out++ = '-';
  out = put_digits(out, month, 2);
  *out++ = '-';
  out = put_digits(out, day, 2);
  *out++ = 'T';
  out = put_digits(out, rest / 3600, 2);
  *out++ = ':';
  out = put_digits(out, rest / 60 % 60, 2);
  *out++ = ':';
  out = put_digits(out, rest % 60, 2);
  *out++ = '.';
  out = put_digits(out, nanos, 9);
  *out++ = 'Z';
  return std::string(buffer, out);
}

}  // namespace kspan
