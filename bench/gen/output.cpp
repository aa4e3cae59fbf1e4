#include "output.hpp"

#include "render.hpp"

namespace kspan::gen {

namespace {
constexpr size_t kDumpWindow = 2048;
}

bool parse_format(const std::string& s, Format& f) {
  if (s == "list-json" || s == "list" || s == "json") f = Format::ListJson;
  else if (s == "jsonl" || s == "json-lines") f = Format::JsonLines;
  else if (s == "watch") f = Format::Watch;
  else if (s == "yaml") f = Format::Yaml;
  else return false;
  return true;
}

Output::Output(std::FILE* out, Format format, bool pretty, uint64_t seed)
    : out_(out), format_(format), pretty_(pretty), shuffle_(seed ^ 0x5eed) {
  if (format_ == Format::ListJson) emit(pretty_ ? "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n" : "{\"apiVersion\":\"v1\",\"items\":[\n");
  if (format_ == Format::Yaml) emit("apiVersion: v1\nitems:\n");
}

Output::~Output() = default;

void Output::push(Item it) {
  it.seq = seq_++;
  queue_.push(std::move(it));
}

void Output::add(std::shared_ptr<const Scenario> s) {
  const bool dump = is_dump(format_);
  for (uint32_t i = 0; i < s->events.size(); ++i) {
    const Event& e = s->events[i];
    const int n = static_cast<int>(e.times.size());
    if (dump) {
      push({e.times.back(), 0, s, i, n, 0, 0});
    } else {
      for (int c = 1; c <= n; ++c)
        push({e.times[static_cast<size_t>(c - 1)] + e.observe_delay_ns, 0, s, i, c, 0, static_cast<uint8_t>(c == 1 ? 0 : 1)});
    }
  }
  for (uint32_t i = 0; i < s->objects.size(); ++i) {
    const Object& o = s->objects[i];
    if (dump) {
      if (o.deleted_ns) continue;
      push({std::max(o.last().at_ns, s->end_ns), 0, s, i, 0, static_cast<uint32_t>(o.versions.size() - 1), 0});
    } else {
      // What existed before the recording started is listed once, when the watch starts.
      uint32_t first = 0;
      while (first + 1 < o.versions.size() && o.versions[first + 1].at_ns < s->start_ns) ++first;
      for (uint32_t v = first; v < o.versions.size(); ++v)
        push({std::max(o.versions[v].at_ns, s->start_ns) + 1000, 0, s, i, 0, v, static_cast<uint8_t>(v == first ? 0 : 1)});
      if (o.deleted_ns) push({*o.deleted_ns, 0, s, i, 0, static_cast<uint32_t>(o.versions.size() - 1), 2});
    }
  }
}

void Output::add_objects(std::shared_ptr<const Scenario> s, int64_t at) {
  for (uint32_t i = 0; i < s->objects.size(); ++i) push({at, 0, s, i, 0, 0, 0});
}

void Output::flush_before(int64_t t) {
  while (!queue_.empty() && queue_.top().time < t) {
    Item it = queue_.top();
    queue_.pop();
    if (is_dump(format_)) {
      dump_window_.push_back(std::move(it));
      if (dump_window_.size() >= kDumpWindow) {
        size_t k = shuffle_.below(dump_window_.size());
        std::swap(dump_window_[k], dump_window_.back());
        write_item(dump_window_.back());
        dump_window_.pop_back();
      }
    } else {
      write_item(it);
    }
  }
}

void Output::finish() {
  flush_before(INT64_MAX);
  while (!dump_window_.empty()) {
    size_t k = shuffle_.below(dump_window_.size());
    std::swap(dump_window_[k], dump_window_.back());
    write_item(dump_window_.back());
    dump_window_.pop_back();
  }
  if (format_ == Format::ListJson)
    emit(pretty_ ? "\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n"
                 : "\n],\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"}}\n");
  if (format_ == Format::Yaml) emit("kind: List\nmetadata:\n  resourceVersion: \"\"\n");
  std::fflush(out_);
}

void Output::write_item(const Item& it) {
  ojson value;
  int64_t observed = it.time;
  if (it.count > 0) {
    const Event& e = it.scenario->events[it.index];
    value = render_event(e, it.count, resource_version_at(e.times[static_cast<size_t>(it.count - 1)]));
    ++event_records_;
  } else {
    const Object& o = it.scenario->objects[it.index];
    const int64_t at = it.type == 2 ? *o.deleted_ns : o.versions[it.version].at_ns;
    value = render_object(o, it.version, resource_version_at(at) + (it.type == 2 ? 1 : 0));
    ++object_records_;
  }
  buf_.clear();
  switch (format_) {
    case Format::ListJson: {
      if (!first_item_) buf_ += ",\n";
      if (pretty_) {
        // kubectl indents items by 8 spaces inside "items": [ ... ].
        std::string text = value.dump(4);
        buf_ += "        ";
        for (char c : text) {
          buf_ += c;
          if (c == '\n') buf_ += "        ";
        }
      } else {
        buf_ += value.dump();
      }
      break;
    }
    case Format::JsonLines:
      buf_ += value.dump();
      buf_ += '\n';
      break;
    case Format::Watch: {
      static const char* types[] = {"ADDED", "MODIFIED", "DELETED"};
      ojson env;
      env["type"] = types[it.type];
      env["object"] = std::move(value);
      env["observedAt"] = rfc3339(observed, 9);
      buf_ += pretty_ ? env.dump(4) : env.dump();
      buf_ += '\n';
      break;
    }
    case Format::Yaml:
      write_yaml(buf_, ojson::array({value}), 0);
      break;
  }
  first_item_ = false;
  emit(buf_);
}

void Output::emit(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), out_);
  bytes_ += text.size();
}

}  // namespace kspan::gen
