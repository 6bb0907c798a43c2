// The RFC 6455 codec: handshake key, server headers, and the client-frame reader's rules.

#include "net/ws_frame.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace syntera::net::ws {
namespace {

// A masked client frame, as a browser would send it.
std::string ClientFrame(uint8_t opcode, std::string_view payload, bool fin = true,
                        uint8_t extra_bits = 0, bool masked = true) {
  std::string frame;
  frame.push_back(static_cast<char>((fin ? 0x80 : 0) | extra_bits | opcode));
  const uint8_t mask_bit = masked ? 0x80 : 0;
  if (payload.size() < 126) {
    frame.push_back(static_cast<char>(mask_bit | payload.size()));
  } else if (payload.size() <= 0xFFFF) {
    frame.push_back(static_cast<char>(mask_bit | 126));
    frame.push_back(static_cast<char>(payload.size() >> 8));
    frame.push_back(static_cast<char>(payload.size() & 0xFF));
  } else {
    frame.push_back(static_cast<char>(mask_bit | 127));
    for (int i = 7; i >= 0; --i) frame.push_back(static_cast<char>(payload.size() >> (8 * i)));
  }
  const char mask[4] = {0x12, 0x34, 0x56, 0x78};
  if (masked) frame.append(mask, 4);
  for (size_t i = 0; i < payload.size(); ++i) {
    frame.push_back(masked ? static_cast<char>(payload[i] ^ mask[i % 4]) : payload[i]);
  }
  return frame;
}

struct Recorder : ReaderSink {
  std::vector<std::pair<std::string, bool>> messages;
  std::vector<std::string> pings;
  std::vector<uint16_t> closes;
  void OnWsMessage(std::string payload, bool binary) override {
    messages.emplace_back(std::move(payload), binary);
  }
  void OnWsPing(std::string_view payload) override { pings.emplace_back(payload); }
  void OnWsClose(uint16_t code) override { closes.push_back(code); }
};

uint16_t FeedAll(Reader& reader, std::string bytes, Recorder& sink) {
  return reader.Feed(bytes.data(), bytes.size(), sink);
}

TEST(WsFrameTest, AcceptKeyIsTheRfcExample) {
  EXPECT_EQ(AcceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WsFrameTest, HeadersUseTheShortestLengthEncoding) {
  char header[kMaxHeaderBytes];
  EXPECT_EQ(EncodeHeader(kText, 125, header), 2u);
  EXPECT_EQ(static_cast<uint8_t>(header[0]), 0x81);
  EXPECT_EQ(static_cast<uint8_t>(header[1]), 125);
  EXPECT_EQ(EncodeHeader(kBinary, 126, header), 4u);
  EXPECT_EQ(static_cast<uint8_t>(header[1]), 126);
  EXPECT_EQ(static_cast<uint8_t>(header[3]), 126);
  EXPECT_EQ(EncodeHeader(kText, 70000, header), 10u);
  EXPECT_EQ(static_cast<uint8_t>(header[1]), 127);
  EXPECT_EQ(static_cast<uint8_t>(header[7]), 0x01);  // 70000 = 0x011170
  EXPECT_EQ(static_cast<uint8_t>(header[8]), 0x11);
  EXPECT_EQ(static_cast<uint8_t>(header[9]), 0x70);
}

TEST(WsFrameTest, ReadsMessagesSplitAnywhere) {
  const std::string big(70000, 'b');
  const std::string stream = ClientFrame(kText, "hello") + ClientFrame(kBinary, big) +
                             ClientFrame(kText, std::string(300, 'm'));
  for (size_t step : {size_t{1}, size_t{7}, size_t{4096}, stream.size()}) {
    Reader reader(1 << 20);
    Recorder sink;
    for (size_t pos = 0; pos < stream.size(); pos += step) {
      ASSERT_EQ(FeedAll(reader, stream.substr(pos, step), sink), 0) << "step " << step;
    }
    ASSERT_EQ(sink.messages.size(), 3u) << "step " << step;
    EXPECT_EQ(sink.messages[0], std::make_pair(std::string("hello"), false));
    EXPECT_EQ(sink.messages[1], std::make_pair(big, true));
    EXPECT_EQ(sink.messages[2].first, std::string(300, 'm'));
    EXPECT_EQ(reader.buffered(), 0u) << "an idle reader holds no buffer";
  }
}

TEST(WsFrameTest, AssemblesFragmentsAroundControlFrames) {
  Reader reader(1024);
  Recorder sink;
  ASSERT_EQ(FeedAll(reader,
                    ClientFrame(kText, "hel", false) + ClientFrame(kPing, "p1") +
                        ClientFrame(kContinuation, "lo ", false) +
                        ClientFrame(kContinuation, "world"),
                    sink),
            0);
  ASSERT_EQ(sink.messages.size(), 1u);
  EXPECT_EQ(sink.messages[0].first, "hello world");
  EXPECT_EQ(sink.pings, std::vector<std::string>{"p1"});
}

TEST(WsFrameTest, CloseFrameReportsItsCodeAndEndsReading) {
  Reader reader(1024);
  Recorder sink;
  ASSERT_EQ(FeedAll(reader, ClientFrame(kClose, ClosePayload(1000, "bye")) +
                                ClientFrame(kText, "after close"),
                    sink),
            0);
  EXPECT_EQ(sink.closes, std::vector<uint16_t>{1000});
  EXPECT_TRUE(sink.messages.empty());
  EXPECT_TRUE(reader.finished());

  Reader restart(1024);  // 1012 "service restart" (IANA registry) is a valid code
  Recorder sink3;
  ASSERT_EQ(FeedAll(restart, ClientFrame(kClose, ClosePayload(1012)), sink3), 0);
  EXPECT_EQ(sink3.closes, std::vector<uint16_t>{1012});

  Reader empty(1024);
  Recorder sink2;
  ASSERT_EQ(FeedAll(empty, ClientFrame(kClose, ""), sink2), 0);
  EXPECT_EQ(sink2.closes, std::vector<uint16_t>{1005});
}

TEST(WsFrameTest, ProtocolViolationsNameTheirCloseCode) {
  struct Case {
    const char* what;
    std::string bytes;
    uint16_t code;
  };
  const std::vector<Case> cases = {
      {"unmasked client frame", ClientFrame(kText, "x", true, 0, false), kProtocolError},
      {"RSV1 without an extension", ClientFrame(kText, "x", true, 0x40), kProtocolError},
      {"unknown opcode", ClientFrame(0x3, "x"), kProtocolError},
      {"fragmented ping", ClientFrame(kPing, "x", false), kProtocolError},
      {"ping over 125 bytes", ClientFrame(kPing, std::string(126, 'p')), kProtocolError},
      {"continuation first", ClientFrame(kContinuation, "x"), kProtocolError},
      {"new message inside a fragmented one",
       ClientFrame(kText, "a", false) + ClientFrame(kText, "b"), kProtocolError},
      {"close with one byte", ClientFrame(kClose, "x"), kProtocolError},
      {"close with a reserved code", ClientFrame(kClose, ClosePayload(1005)), kProtocolError},
      {"invalid UTF-8 text", ClientFrame(kText, "\xC3\x28"), kInvalidPayload},
      {"UTF-8 surrogate", ClientFrame(kText, "\xED\xA0\x80"), kInvalidPayload},
      {"overlong UTF-8", ClientFrame(kText, "\xC0\xAF"), kInvalidPayload},
      {"truncated UTF-8 across fragments",
       ClientFrame(kText, "ok\xE2\x82", false) + ClientFrame(kContinuation, "", true),
       kInvalidPayload},
      {"message over the limit", ClientFrame(kBinary, std::string(101, 'x')), kTooBig},
      {"fragments over the limit",
       ClientFrame(kBinary, std::string(60, 'x'), false) +
           ClientFrame(kContinuation, std::string(60, 'x')),
       kTooBig},
  };
  for (const Case& c : cases) {
    Reader reader(100);
    Recorder sink;
    EXPECT_EQ(FeedAll(reader, c.bytes, sink), c.code) << c.what;
    EXPECT_TRUE(sink.messages.empty()) << c.what;
    EXPECT_TRUE(reader.finished()) << c.what;
  }
}

TEST(WsFrameTest, OversizedFrameIsRefusedFromItsHeaderAlone) {
  Reader reader(1000);
  Recorder sink;
  // Only the header of a 1 GiB frame: refused before any payload arrives.
  std::string header = ClientFrame(kBinary, std::string(70000, 'x')).substr(0, 14);
  header[9] = 0x40;  // length 0x40000000 + ...
  EXPECT_EQ(FeedAll(reader, header, sink), kTooBig);
  EXPECT_EQ(reader.buffered(), 0u);
}

TEST(WsFrameTest, Utf8AcceptsValidMultibyteText) {
  EXPECT_TRUE(ValidUtf8("plain ascii text, long enough for the fast path"));
  EXPECT_TRUE(ValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
  EXPECT_FALSE(ValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(ValidUtf8("\x80"));
}

}  // namespace
}  // namespace syntera::net::ws
