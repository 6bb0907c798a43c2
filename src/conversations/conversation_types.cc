#include "conversations/conversation_types.h"

#include <array>
#include <utility>

#include "base/enum_names.h"

namespace syntera::conversations {
namespace {

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

std::string_view ChannelName(Channel v) { return EnumName(kChannels, v); }
std::optional<Channel> ParseChannel(std::string_view s) { return ParseEnum(kChannels, s); }
std::string_view StatusName(Status v) { return EnumName(kStatuses, v); }
std::optional<Status> ParseStatus(std::string_view s) { return ParseEnum(kStatuses, s); }
std::string_view AssigneeTypeName(AssigneeType v) { return EnumName(kAssigneeTypes, v); }
std::optional<AssigneeType> ParseAssigneeType(std::string_view s) {
  return ParseEnum(kAssigneeTypes, s);
}
std::string_view PriorityName(Priority v) { return EnumName(kPriorities, v); }
std::optional<Priority> ParsePriority(std::string_view s) { return ParseEnum(kPriorities, s); }
std::string_view SenderTypeName(SenderType v) { return EnumName(kSenderTypes, v); }
std::optional<SenderType> ParseSenderType(std::string_view s) { return ParseEnum(kSenderTypes, s); }
std::string_view MessageTypeName(MessageType v) { return EnumName(kMessageTypes, v); }
std::optional<MessageType> ParseMessageType(std::string_view s) { return ParseEnum(kMessageTypes, s); }
std::optional<ConversationSort> ParseConversationSort(std::string_view s) {
  return ParseEnum(kSorts, s);
}

}  // namespace syntera::conversations
