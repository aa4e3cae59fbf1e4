// An event as a few hundred bytes while it waits in the reorder buffer: a replay
// holds every event of the input until the end, and an Event's fields (seventeen strings, most
// of them short, and the file name of every record) take three to four times that as structs.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "correlator_types.hpp"

namespace kspan {

class EventPacker {
 public:
  // The packed bytes, valid until the next pack.
  std::string_view pack(const RoutedEvent& routed);
  RoutedEvent unpack(std::string_view packed) const;
  // The same into an event that held another: its strings' buffers are reused.
  void unpack_into(std::string_view packed, RoutedEvent& routed) const;
  // The event's objects (involved, object, actor, related), read without unpacking the rest.
  static std::array<ObjId, 4> objects_of(std::string_view packed);

 private:
  uint32_t shared_index(const std::string& text);

  // Texts that many events repeat (file names, kinds, namespaces, reasons, components, nodes,
  // field paths: a cluster has few of each) are stored once and packed as their index.
  std::vector<std::string> shared_;
  std::unordered_map<std::string, uint32_t> index_of_;
  std::string scratch_;
};

}  // namespace kspan
