#include "event_router.hpp"

#include "retarget_rules.hpp"

namespace kspan {

RoutedEvent route_event(Event&& event, OwnerGraph& graph) {
  RoutedEvent routed;
  const ObjectRef& involved = event.involved;
  routed.involved = graph.intern(involved.kind, involved.api_version, involved.ns, involved.name);
  if (!involved.uid.empty()) graph.note_uid(routed.involved, involved.uid);
  graph.name_by_event(routed.involved);
  routed.object = routed.involved;
  if (auto target = retarget(involved.kind, event.message)) {
    routed.actor = routed.involved;
    routed.object = graph.intern(target->subject_kind, "", involved.ns, target->subject_name);
    graph.name_by_event(routed.object);
    graph.claim(routed.object, routed.actor, ClaimKey{event.effective_ns, event.resource_version, event.uid});
  }
  if (event.related && !event.related->name.empty()) {
    const ObjectRef& related = *event.related;
    routed.related =
        graph.intern(related.kind, related.api_version, related.ns.empty() ? involved.ns : related.ns, related.name);
    graph.name_by_event(routed.related);
  }
  routed.event = std::move(event);
  return routed;
}

}  // namespace kspan
