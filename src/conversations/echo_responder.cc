#include "conversations/responder.h"

namespace syntera::conversations {

Result<ResponderReply> EchoResponder::Respond(const ResponderRequest& request,
                                              ReplyStream& stream) {
  std::string text = "You said: " + request.trigger.content;
  if (text.size() > kMaxContentBytes) text.resize(kMaxContentBytes);
  // Three pieces cut at byte thirds, moved forward to a UTF-8 boundary.
  size_t cut1 = text.size() / 3, cut2 = 2 * text.size() / 3;
  auto boundary = [&](size_t i) {
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    return i;
  };
  cut1 = boundary(cut1);
  cut2 = std::max(cut1, boundary(cut2));
  for (auto [from, to] : {std::pair{size_t{0}, cut1}, {cut1, cut2}, {cut2, text.size()}}) {
    if (to > from) SYN_RETURN_IF_ERROR(stream.Delta(std::string_view(text).substr(from, to - from)));
  }
  return ResponderReply{text, std::string(R"({"model":"test-echo","tokens":{"prompt":0,"completion":0}})")};
}

}  // namespace syntera::conversations
