// An event span's texts wait packed until it is final; composing gives the span's name, status
// and attributes as a view, over the buffers of the span that was composed before.
#include <catch2/catch.hpp>

#include "event_span.hpp"

using namespace kspan;

namespace {

Event pod_event(std::string message) {
  Event e;
  e.uid = "3f0e0b52-6a4c-4f5e-9d0a-0123456789ab";
  e.name = "web-5d9c.17a8b3c4d5e6f7a8";
  e.involved = ObjectRef{"v1", "Pod", "shop", "web-5d9c-abcde", "pod-uid-1", "spec.containers{app}"};
  e.reason = "BackOff";
  e.type = "Warning";
  e.message = std::move(message);
  e.count = 4;
  e.first_ns = 1'700'000'000'000'000'000;
  e.late = true;
  return e;
}

std::string text_of(const Span& span, const std::string& key) {
  const AttributeValue* value = find_attribute(span.attributes, key);
  REQUIRE(value != nullptr);
  REQUIRE(std::holds_alternative<std::string>(*value));
  return std::get<std::string>(*value);
}

SpanHead head_with_ids(uint8_t seed) {
  SpanHead head;
  head.trace_id.fill(seed);
  head.span_id.fill(static_cast<uint8_t>(seed + 1));
  head.start_ns = 10;
  head.end_ns = 20;
  head.resource_index = seed;
  return head;
}

}  // namespace

TEST_CASE("a packed event span gives back every text, however long", "[event_span]") {
  for (size_t size : {size_t{0}, size_t{1}, size_t{127}, size_t{128}, size_t{16383}, size_t{16384}, size_t{200000}}) {
    std::string message(size, 'm');
    if (size > 2) message[size / 2] = '\0';  // bytes, not C strings
    BlockPool pool;
    const EventSpanSource source(pool, pod_event(message), nullptr, nullptr, "owner", Evidence::OwnerReference, nullptr);
    SpanViewBuffers buffers;
    Span out;
    assign_span(out, source.compose(head_with_ids(3), buffers));
    INFO("message of " << size << " bytes");
    CHECK(text_of(out, "k8s.event.message") == message);
    CHECK(out.status_message == message);
    CHECK(out.error);
    CHECK(out.name == "Pod.BackOff");
    CHECK(text_of(out, "k8s.pod.name") == "web-5d9c-abcde");
    CHECK(text_of(out, "k8s.container.name") == "app");
    CHECK(text_of(out, "kspan.parent.rule") == "owner");
    CHECK(text_of(out, "kspan.owner.evidence") == "ownerReference");
    CHECK(std::get<int64_t>(*find_attribute(out.attributes, "k8s.event.count")) == 4);
    CHECK(std::get<bool>(*find_attribute(out.attributes, "kspan.late")));
    CHECK(out.links.empty());
    CHECK(out.span_id == head_with_ids(3).span_id);
    CHECK(out.resource_index == 3);
  }
}

TEST_CASE("composing over a richer span leaves nothing of it behind", "[event_span]") {
  Event rich = pod_event("first");
  rich.related = ObjectRef{"v1", "Node", "", "node-1", "", ""};
  const std::string subject_kind = "ReplicaSet", subject_name = "web-5d9c";
  Link link;
  link.trace_id.fill(7);
  link.span_id.fill(8);
  BlockPool pool;
  const EventSpanSource first(pool, rich, &subject_kind, &subject_name, "actor", Evidence::Message, &link);

  Event plain;
  plain.uid = "u2";
  plain.involved = ObjectRef{"", "Node", "", "node-2", "", ""};
  plain.reason = "NodeReady";
  plain.message = "ok";
  const EventSpanSource second(pool, plain, nullptr, nullptr, "self", Evidence::None, nullptr);

  // The second span is composed over the first's buffers and copied over the first's Span, as
  // the correlator and a sink that keeps spans do.
  SpanViewBuffers buffers;
  Span out;
  assign_span(out, first.compose(head_with_ids(1), buffers));
  CHECK(out.links.size() == 1);
  CHECK(text_of(out, "kspan.subject.name") == "web-5d9c");
  CHECK(text_of(out, "kspan.related.name") == "node-1");
  CHECK(find_attribute(out.attributes, "kspan.event.first_time") != nullptr);
  const size_t rich_attributes = out.attributes.size();

  assign_span(out, second.compose(head_with_ids(5), buffers));
  CHECK(out.name == "Node.NodeReady");
  CHECK_FALSE(out.error);
  CHECK(out.status_message.empty());
  CHECK(out.links.empty());
  CHECK(out.attributes.size() < rich_attributes);
  for (const char* gone : {"kspan.subject.name", "kspan.related.name", "kspan.event.first_time", "k8s.event.count",
                           "kspan.owner.evidence", "kspan.late", "k8s.pod.name", "k8s.container.name"})
    CHECK(find_attribute(out.attributes, gone) == nullptr);
  CHECK(text_of(out, "k8s.node.name") == "node-2");
  CHECK(text_of(out, "kspan.parent.rule") == "self");
  CHECK(out.trace_id == head_with_ids(5).trace_id);
}
