#pragma once
// How the CRM emits domain events without depending on the events module: the service calls
// CrmEventSink::Append inside the same write transaction as the change, so an event exists
// iff its change committed. The application plugs in CrmDomainEventSink
// (crm_domain_events.h, over events::AppendEvent); NullEventSink drops events (tests).
// Payload shapes: src/events/EVENTS.md, section CRM.
//
// Types emitted: contact.created / contact.updated / contact.merged / contact.deleted,
// company.created / company.updated / company.deleted, deal.created / deal.updated /
// deal.stage_changed / deal.won / deal.lost / deal.deleted, task.created / task.updated /
// task.deleted / task.due. `*.updated` payloads carry the changed fields (ChangeSet) and are
// not emitted when nothing changed.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/encoding.h"
#include "base/json_text.h"
#include "base/ids.h"
#include "base/result.h"
#include "db/database.h"

namespace syntera::crm {

struct CrmEvent {
  OrgId org_id;
  std::string type;            // "contact.created"
  std::string aggregate_type;  // "contact"
  std::string aggregate_id;
  std::string payload;         // a JSON object text
};

class CrmEventSink {
 public:
  virtual ~CrmEventSink() = default;
  // Appends `event` inside `tx` (a kWrite transaction in the event's organization scope).
  // An error aborts the caller's change. Thread-safe.
  virtual Result<void> Append(db::Tx& tx, const CrmEvent& event) = 0;
};

class NullEventSink final : public CrmEventSink {
 public:
  Result<void> Append(db::Tx&, const CrmEvent&) override { return Ok(); }
};

// Event payload text (base/json_text.h).
using PayloadBuilder = JsonObjectText;

using syntera::JsonQuote;  // base/encoding.h

// The fields an update changed, for `*.updated` payloads: `changed` (sorted field names) and
// `changes` ({"<field>": {"from": …, "to": …}} for the fields whose values may travel in
// events). Each Add* records the field only when `from` differs from `to`.
class ChangeSet {
 public:
  void Str(std::string_view field, const std::string& from, const std::string& to);
  void OptStr(std::string_view field, const std::optional<std::string>& from,
              const std::optional<std::string>& to);
  void Int(std::string_view field, int64_t from, int64_t to);
  void Bool(std::string_view field, bool from, bool to);
  void List(std::string_view field, const std::vector<std::string>& from,
            const std::vector<std::string>& to);
  // Records the name only (personal data whose values stay out of events).
  void NameOnly(std::string_view field, bool changed);

  bool empty() const { return fields_.empty(); }
  // Adds "changed" and "changes" to `payload`.
  void AddTo(PayloadBuilder& payload) const;

 private:
  void Record(std::string_view field, std::string from_json, std::string to_json);
  std::vector<std::string> fields_;                            // sorted on AddTo
  std::vector<std::pair<std::string, std::string>> changes_;  // field, {"from":…,"to":…}
};

}  // namespace syntera::crm
