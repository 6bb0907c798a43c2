// ConversationService: updates, the human inbox (claim, assign, transfer, unassign, release,
// resolve, handoff), inbox counts and the idle close.

#include "conversations/conversation_events.h"
#include "conversations/conversation_service.h"
#include "conversations/conversation_store.h"
#include "conversations/conversation_validation.h"

namespace syntera::conversations {

struct ConversationService::Change {
  std::vector<std::pair<std::string, std::string>> events;  // type, payload
};

namespace {

Result<void> RequireMember(const Principal& who) {
  if (IsVisitor(who)) return NotFound("conversation not found");
  if (!RoleAtLeast(who.role, Role::kMember)) return PermissionDenied();
  return Ok();
}

std::string RequestedBy(const Principal& who) {
  switch (who.kind) {
    case CredentialKind::kVisitor: return "visitor";
    case CredentialKind::kApiKey: return "api";
    case CredentialKind::kUserToken: break;
  }
  return "user";
}

std::optional<std::string> ActorUser(const Principal& who) {
  if (who.kind != CredentialKind::kUserToken) return std::nullopt;
  return who.user_id.str();
}

int64_t DurationMs(const Conversation& c, Timestamp end) {
  return ToUnixMillis(end) - ToUnixMillis(c.started_at);
}

std::string EndedPayload(const Conversation& c, std::string_view reason, Timestamp end) {
  return EventPayload()
      .Str("conversation_id", c.id.str())
      .Str("reason", reason)
      .Int("duration_ms", DurationMs(c, end))
      .Int("message_count", c.message_count)
      .Build();
}

}  // namespace

Result<Conversation> ConversationService::Transition(
    const Principal& who, const ConversationId& id,
    const std::function<Result<void>(db::Tx&, Conversation&, Change&)>& fn) {
  auto result = db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kWrite,
                         [&](db::Tx& tx) -> Result<Conversation> {
                           SYN_ASSIGN_OR_RETURN(Conversation c, Load(tx, who, id, true));
                           Change change;
                           SYN_RETURN_IF_ERROR(fn(tx, c, change));
                           c.updated_at = Now();
                           SYN_RETURN_IF_ERROR(store::UpdateConversation(tx, c));
                           SYN_RETURN_IF_ERROR(AppendEvents(tx, c, change));
                           SYN_RETURN_IF_ERROR(store::LoadReaderState(tx, c, ReaderKey(who), !IsVisitor(who)));
                           return c;
                         });
  if (result.ok()) listener_.ConversationChanged(*result);
  return result;
}

Result<void> ConversationService::AppendEvents(db::Tx& tx, const Conversation& c,
                                               const Change& change) {
  for (const auto& [type, payload] : change.events) {
    SYN_RETURN_IF_ERROR(AppendConversationEvent(tx, clock_, random_, c.org_id, type, c.id, payload));
  }
  return Ok();
}

Result<void> ConversationService::ApplyStatus(Conversation& c, Status status, const Principal& who,
                                              const std::string& reason, Change& change) {
  if (c.status == status) return Ok();
  Timestamp now = Now();
  switch (status) {
    case Status::kOpen:
      c.ended_at.reset();
      break;
    case Status::kWaitingForHuman:
      if (c.status == Status::kResolved || c.status == Status::kClosed) {
        return FailedPrecondition("the conversation is " + std::string(StatusName(c.status)));
      }
      if (c.assignee_type == AssigneeType::kUser) {
        return FailedPrecondition("a team member is assigned; unassign or transfer instead");
      }
      c.assignee_type = AssigneeType::kNone;
      change.events.emplace_back("conversation.handoff_requested",
                                 EventPayload()
                                     .Str("conversation_id", c.id.str())
                                     .Str("reason", reason)
                                     .Str("requested_by", RequestedBy(who))
                                     .Build());
      break;
    case Status::kResolved:
      if (c.status == Status::kClosed) return FailedPrecondition("the conversation is closed");
      change.events.emplace_back("conversation.resolved",
                                 EventPayload()
                                     .Str("conversation_id", c.id.str())
                                     .OptStr("resolved_by_user_id", ActorUser(who))
                                     .OptStr("assignee_user_id", AssigneeUser(c))
                                     .Build());
      c.ended_at = now;
      change.events.emplace_back("conversation.ended", EndedPayload(c, "resolved", now));
      break;
    case Status::kClosed:
      if (!c.ended_at) {
        c.ended_at = now;
        change.events.emplace_back("conversation.ended", EndedPayload(c, reason, now));
      }
      break;
  }
  c.status = status;
  return Ok();
}

Result<void> ConversationService::ApplyAssignee(db::Tx& tx, Conversation& c, AssigneeType type,
                                                const std::optional<UserId>& user,
                                                const Principal& who, Change& change) {
  if (type == AssigneeType::kUser) {
    if (!user || user->empty()) return InvalidArgument("invalid assignee", {{"user_id", "is required"}});
    SYN_ASSIGN_OR_RETURN(bool member, store::IsMember(tx, c.org_id, *user));
    if (!member) return InvalidArgument("invalid assignee", {{"user_id", "is not a member of the organization"}});
  }
  if (c.status == Status::kClosed) return FailedPrecondition("the conversation is closed");
  std::optional<UserId> new_user = type == AssigneeType::kUser ? user : std::nullopt;
  if (c.assignee_type == type && c.assignee_user_id == new_user) return Ok();
  AssigneeType prev_type = c.assignee_type;
  std::optional<std::string> prev_user = AssigneeUser(c);
  c.assignee_type = type;
  c.assignee_user_id = new_user;
  if (type == AssigneeType::kNone) {
    if (c.status == Status::kOpen) c.status = Status::kWaitingForHuman;
  } else if (c.status != Status::kOpen) {
    c.status = Status::kOpen;
    c.ended_at.reset();
  }
  change.events.emplace_back("conversation.assigned",
                             EventPayload()
                                 .Str("conversation_id", c.id.str())
                                 .Str("assignee_type", AssigneeTypeName(c.assignee_type))
                                 .OptStr("assignee_user_id", AssigneeUser(c))
                                 .Str("previous_assignee_type", AssigneeTypeName(prev_type))
                                 .OptStr("previous_assignee_user_id", prev_user)
                                 .OptStr("by_user_id", ActorUser(who))
                                 .Build());
  return Ok();
}

Result<Conversation> ConversationService::UpdateConversation(const Principal& who,
                                                             const ConversationId& id,
                                                             const ConversationPatch& p) {
  SYN_RETURN_IF_ERROR(RequireMember(who));
  std::vector<FieldError> errors;
  std::vector<std::string> tags;
  if (p.tags) tags = NormalizeTags(*p.tags, "tags", errors);
  if (p.summary && p.summary->size() > kMaxSummaryBytes) errors.push_back({"summary", "at most 4000 bytes"});
  if (p.subject && p.subject->size() > kMaxSubjectBytes) errors.push_back({"subject", "at most 200 bytes"});
  if (p.metadata) {
    if (auto problem = JsonObjectProblem(*p.metadata, kMaxMetadataBytes)) errors.push_back({"metadata", *problem});
  }
  if (p.assignee_type == AssigneeType::kUser && !p.assignee_user_id) {
    errors.push_back({"assignee", "must be \"ai\", \"unassigned\" or a member's user id"});
  }
  return Transition(who, id, [&](db::Tx& tx, Conversation& c, Change& change) -> Result<void> {
    if (p.contact_id && *p.contact_id) {
      SYN_ASSIGN_OR_RETURN(bool exists, store::ContactExists(tx, c.org_id, **p.contact_id));
      if (!exists) errors.push_back({"contact_id", "is not a contact of the organization"});
    }
    if (!errors.empty()) return InvalidArgument("invalid conversation", errors);
    if (p.tags) c.tags = tags;
    if (p.priority) c.priority = *p.priority;
    if (p.summary) c.summary = *p.summary;
    if (p.subject) c.subject = *p.subject;
    if (p.metadata) c.metadata = *p.metadata;
    if (p.contact_id) c.contact_id = *p.contact_id;
    if (p.assignee_type) {
      SYN_RETURN_IF_ERROR(ApplyAssignee(tx, c, *p.assignee_type, p.assignee_user_id, who, change));
    }
    if (p.status) SYN_RETURN_IF_ERROR(ApplyStatus(c, *p.status, who, "updated", change));
    return Ok();
  });
}

Result<Conversation> ConversationService::Claim(const Principal& who, const ConversationId& id) {
  SYN_RETURN_IF_ERROR(RequireMember(who));
  if (who.kind != CredentialKind::kUserToken) {
    return PermissionDenied("claiming needs a signed-in user, not an API key");
  }
  return Transition(who, id, [&](db::Tx& tx, Conversation& c, Change& change) -> Result<void> {
    if (c.assignee_type == AssigneeType::kUser && c.assignee_user_id != who.user_id) {
      return Conflict("another team member is assigned; use transfer");
    }
    return ApplyAssignee(tx, c, AssigneeType::kUser, who.user_id, who, change);
  });
}

Result<Conversation> ConversationService::Assign(const Principal& who, const ConversationId& id,
                                                 const UserId& user) {
  SYN_RETURN_IF_ERROR(RequireMember(who));
  return Transition(who, id, [&](db::Tx& tx, Conversation& c, Change& change) {
    return ApplyAssignee(tx, c, AssigneeType::kUser, user, who, change);
  });
}

Result<Conversation> ConversationService::Transfer(const Principal& who, const ConversationId& id,
                                                   const UserId& user) {
  SYN_RETURN_IF_ERROR(RequireMember(who));
  return Transition(who, id, [&](db::Tx& tx, Conversation& c, Change& change) -> Result<void> {
    if (c.assignee_type != AssigneeType::kUser) {
      return FailedPrecondition("no team member is assigned; use assign or claim");
    }
    return ApplyAssignee(tx, c, AssigneeType::kUser, user, who, change);
  });
}

Result<Conversation> ConversationService::Unassign(const Principal& who, const ConversationId& id) {
  SYN_RETURN_IF_ERROR(RequireMember(who));
  return Transition(who, id, [&](db::Tx& tx, Conversation& c, Change& change) {
    return ApplyAssignee(tx, c, AssigneeType::kNone, std::nullopt, who, change);
  });
}

Result<Conversation> ConversationService::Release(const Principal& who, const ConversationId& id) {
  SYN_RETURN_IF_ERROR(RequireMember(who));
  return Transition(who, id, [&](db::Tx& tx, Conversation& c, Change& change) {
    return ApplyAssignee(tx, c, AssigneeType::kAi, std::nullopt, who, change);
  });
}

Result<Conversation> ConversationService::Resolve(const Principal& who, const ConversationId& id) {
  SYN_RETURN_IF_ERROR(RequireMember(who));
  return Transition(who, id, [&](db::Tx&, Conversation& c, Change& change) {
    return ApplyStatus(c, Status::kResolved, who, "resolved", change);
  });
}

Result<Conversation> ConversationService::RequestHandoff(const Principal& who,
                                                         const ConversationId& id,
                                                         const std::string& reason) {
  if (!IsVisitor(who)) SYN_RETURN_IF_ERROR(RequireMember(who));
  if (reason.size() > 500) return InvalidArgument("invalid handoff", {{"reason", "at most 500 bytes"}});
  return Transition(who, id, [&](db::Tx&, Conversation& c, Change& change) -> Result<void> {
    if (c.status == Status::kWaitingForHuman) return Ok();
    return ApplyStatus(c, Status::kWaitingForHuman, who, reason.empty() ? "requested" : reason, change);
  });
}

Result<InboxCounts> ConversationService::CountInbox(const Principal& who) {
  if (IsVisitor(who)) return PermissionDenied();
  std::optional<UserId> user;
  if (who.kind == CredentialKind::kUserToken) user = who.user_id;
  return db::InTx(db_, db::Scope::Tenant(who.org_id.str()), db::TxMode::kRead,
                  [&](db::Tx& tx) { return store::CountInbox(tx, who.org_id, user); });
}

Result<int> ConversationService::CloseIdleConversations() {
  Timestamp cutoff = Now() - options_.idle_close;
  SYN_ASSIGN_OR_RETURN(auto idle, db::InTx(db_, db::Scope::System(), db::TxMode::kRead,
                                           [&](db::Tx& tx) {
                                             return store::FindIdle(tx, cutoff, options_.idle_batch);
                                           }));
  int closed = 0;
  for (const auto& item : idle) {
    Principal system;
    system.kind = CredentialKind::kApiKey;
    system.org_id = item.org_id;
    system.role = Role::kOwner;
    bool changed = false;
    auto r = Transition(system, item.id, [&](db::Tx&, Conversation& c, Change& change) -> Result<void> {
      Timestamp last = c.last_message_at ? std::max(*c.last_message_at, c.started_at) : c.started_at;
      if ((c.status != Status::kOpen && c.status != Status::kWaitingForHuman) || last >= cutoff) {
        return Ok();
      }
      changed = true;
      return ApplyStatus(c, Status::kClosed, system, "idle", change);
    });
    if (!r.ok()) return std::move(r).error();
    if (changed) ++closed;
  }
  return closed;
}

}  // namespace syntera::conversations
