#include "conversations/conversation_types.h"

#include <array>
#include <utility>

namespace syntera::conversations {
namespace {

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
  for (const auto& [e, name] : table) {
    if (e == v) return name;
  }
  return "";
}

template <typename E, size_t N>
std::optional<E> Parse(const std::array<std::pair<E, std::string_view>, N>& table,
                       std::string_view s) {
  for (const auto& [e, name] : table) {
    if (name == s) return e;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<Channel, std::string_view>, 6> kChannels{{
    {Channel::kWebWidget, "web_widget"},
    {Channel::kApi, "api"},
    {Channel::kVoice, "voice"},
    {Channel::kPhone, "phone"},
    {Channel::kEmail, "email"},
    {Channel::kSms, "sms"},
}};
constexpr std::array<std::pair<Status, std::string_view>, 4> kStatuses{{
    {Status::kOpen, "open"},
    {Status::kWaitingForHuman, "waiting_for_human"},
    {Status::kResolved, "resolved"},
    {Status::kClosed, "closed"},
}};
constexpr std::array<std::pair<AssigneeType, std::string_view>, 3> kAssigneeTypes{{
    {AssigneeType::kAi, "ai"},
    {AssigneeType::kUser, "user"},
    {AssigneeType::kNone, "none"},
}};
constexpr std::array<std::pair<Priority, std::string_view>, 4> kPriorities{{
    {Priority::kLow, "low"},
    {Priority::kNormal, "normal"},
    {Priority::kHigh, "high"},
    {Priority::kUrgent, "urgent"},
}};
constexpr std::array<std::pair<SenderType, std::string_view>, 5> kSenderTypes{{
    {SenderType::kContact, "contact"},
    {SenderType::kVisitor, "visitor"},
    {SenderType::kUser, "user"},
    {SenderType::kAgent, "agent"},
    {SenderType::kSystem, "system"},
}};
constexpr std::array<std::pair<MessageType, std::string_view>, 6> kMessageTypes{{
    {MessageType::kText, "text"},
    {MessageType::kFile, "file"},
    {MessageType::kImage, "image"},
    {MessageType::kAudio, "audio"},
    {MessageType::kSystem, "system"},
    {MessageType::kNote, "note"},
}};
constexpr std::array<std::pair<ConversationSort, std::string_view>, 3> kSorts{{
    {ConversationSort::kUpdatedDesc, "-updated_at"},
    {ConversationSort::kCreatedDesc, "-created_at"},
    {ConversationSort::kCreatedAsc, "created_at"},
}};

}  // namespace

std::string_view ChannelName(Channel v) { return NameOf(kChannels, v); }
std::optional<Channel> ParseChannel(std::string_view s) { return Parse(kChannels, s); }
std::string_view StatusName(Status v) { return NameOf(kStatuses, v); }
std::optional<Status> ParseStatus(std::string_view s) { return Parse(kStatuses, s); }
std::string_view AssigneeTypeName(AssigneeType v) { return NameOf(kAssigneeTypes, v); }
std::optional<AssigneeType> ParseAssigneeType(std::string_view s) {
  return Parse(kAssigneeTypes, s);
}
std::string_view PriorityName(Priority v) { return NameOf(kPriorities, v); }
std::optional<Priority> ParsePriority(std::string_view s) { return Parse(kPriorities, s); }
std::string_view SenderTypeName(SenderType v) { return NameOf(kSenderTypes, v); }
std::optional<SenderType> ParseSenderType(std::string_view s) { return Parse(kSenderTypes, s); }
std::string_view MessageTypeName(MessageType v) { return NameOf(kMessageTypes, v); }
std::optional<MessageType> ParseMessageType(std::string_view s) { return Parse(kMessageTypes, s); }
std::optional<ConversationSort> ParseConversationSort(std::string_view s) {
  return Parse(kSorts, s);
}

}  // namespace syntera::conversations
