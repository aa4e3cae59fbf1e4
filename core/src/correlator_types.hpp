// An event ready for correlation: its object (re-targeted when a rule matched) and actor.
#pragma once
#include "model.hpp"

namespace kspan {

struct RoutedEvent {
  Event event;
  ObjId involved = kNoObject;
  ObjId object = kNoObject;
  ObjId actor = kNoObject;  // set for re-targeted events
  ObjId related = kNoObject;
};

}  // namespace kspan
