// Gives an event its place among the objects: its involved object, the sub-object a
// controller's message names (spec 2) with the owner as actor and the claim as evidence,
// and its related object.
#pragma once
#include "correlator_types.hpp"
#include "owner_graph.hpp"

namespace kspan {

RoutedEvent route_event(Event&& event, OwnerGraph& graph);

}  // namespace kspan
