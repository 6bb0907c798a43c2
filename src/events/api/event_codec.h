#pragma once
// JSON of the events API (private to the events API target).

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "events/domain_event.h"

namespace syntera::events::api {

// {id, sequence, type, aggregate_type, aggregate_id, occurred_at, payload (object)}.
boost::json::object EventJson(const DomainEvent& event);
// Opaque cursor for a sequence and back.
std::string EncodeEventCursor(int64_t sequence);
std::optional<int64_t> DecodeEventCursor(std::string_view text);

inline constexpr const char kEventSchema[] = R"({"type":"object","required":["id","sequence","type","aggregate_type","aggregate_id","occurred_at","payload"],"properties":{"id":{"type":"string"},"sequence":{"type":"integer"},"type":{"type":"string"},"aggregate_type":{"type":"string"},"aggregate_id":{"type":"string"},"occurred_at":{"type":"string","format":"date-time"},"payload":{"type":"object"}}})";

}  // namespace syntera::events::api
