#include "events/domain_event.h"

#include <utility>

namespace syntera::events {
namespace {

bool IsLowerAlpha(char c) { return c >= 'a' && c <= 'z'; }
bool IsSegmentChar(char c) { return IsLowerAlpha(c) || (c >= '0' && c <= '9') || c == '_'; }

}  // namespace

DomainEvent NewDomainEvent(const Clock& clock, Random& random, OrgId org, std::string type,
                           std::string aggregate_type, std::string aggregate_id,
                           std::string payload) {
  DomainEvent e;
  e.id = NewUuidV7(clock, random);
  e.org_id = std::move(org);
  e.type = std::move(type);
  e.aggregate_type = std::move(aggregate_type);
  e.aggregate_id = std::move(aggregate_id);
  e.payload = std::move(payload);
  e.occurred_at = clock.Now();
  return e;
}

bool IsValidEventType(std::string_view type) {
  if (type.empty() || type.size() > kMaxEventTypeLength) return false;
  int segments = 0;
  size_t start = 0;
  while (start <= type.size()) {
    size_t dot = type.find('.', start);
    if (dot == std::string_view::npos) dot = type.size();
    std::string_view seg = type.substr(start, dot - start);
    if (seg.empty() || !IsLowerAlpha(seg[0])) return false;
    for (char c : seg) {
      if (!IsSegmentChar(c)) return false;
    }
    ++segments;
    start = dot + 1;
  }
  return segments >= 2;
}

Result<void> ValidateEvent(const DomainEvent& event) {
  std::vector<FieldError> bad;
  if (event.id.empty()) bad.push_back({"id", "must not be empty"});
  if (!IsValidEventType(event.type)) bad.push_back({"type", "must look like noun.verb"});
  if (event.aggregate_type.empty()) bad.push_back({"aggregate_type", "must not be empty"});
  if (event.aggregate_id.empty()) bad.push_back({"aggregate_id", "must not be empty"});
  const std::string& p = event.payload;
  if (p.size() < 2 || p.front() != '{' || p.back() != '}') {
    bad.push_back({"payload", "must be a JSON object"});
  } else if (p.size() > kMaxEventPayloadBytes) {
    bad.push_back({"payload", "must be at most 256 KiB"});
  }
  if (!bad.empty()) return InvalidArgument("invalid domain event", std::move(bad));
  return Ok();
}

}  // namespace syntera::events
