#include "realtime/engineio_packet.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace syntera::realtime::eio {
namespace {

TEST(EngineIoPacketTest, DecodesEveryType) {
  struct Case {
    std::string text;
    PacketType type;
    std::string data;
  };
  const Case cases[] = {
      {"0{\"sid\":\"x\"}", PacketType::kOpen, "{\"sid\":\"x\"}"},
      {"1", PacketType::kClose, ""},
      {"2", PacketType::kPing, ""},
      {"2probe", PacketType::kPing, "probe"},
      {"3probe", PacketType::kPong, "probe"},
      {"4hello", PacketType::kMessage, "hello"},
      {"5", PacketType::kUpgrade, ""},
      {"6", PacketType::kNoop, ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Packet> p = DecodePacket(c.text);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->type, c.type);
    EXPECT_EQ(p->data, c.data);
    EXPECT_EQ(EncodePacket(*p), c.text);
  }
}

TEST(EngineIoPacketTest, RejectsMalformedPackets) {
  for (const std::string& text :
       std::vector<std::string>{"", "7", "x", "b*not base64*", "bA", "\x1e", std::string("\0", 1)}) {
    SCOPED_TRACE(text);
    Result<Packet> p = DecodePacket(text);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(EngineIoPacketTest, BinaryMessagesTravelAsBase64InPolling) {
  Result<Packet> p = DecodePacket("bAQID");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->type, PacketType::kMessage);
  EXPECT_TRUE(p->binary);
  EXPECT_EQ(p->data, std::string("\x01\x02\x03"));
  EXPECT_EQ(EncodePacket(*p), "bAQID");
  EXPECT_EQ(EncodeBinaryForPolling(std::string("\xff", 1)), "b/w==");
}

TEST(EngineIoPacketTest, SplitsAndJoinsPayloads) {
  Result<std::vector<Packet>> packets = DecodePayload("4hello\x1e" "2\x1e" "40{\"token\":\"a\"}");
  ASSERT_TRUE(packets.ok());
  ASSERT_EQ(packets->size(), 3u);
  EXPECT_EQ((*packets)[0], (Packet{PacketType::kMessage, "hello"}));
  EXPECT_EQ((*packets)[1], (Packet{PacketType::kPing, ""}));
  EXPECT_EQ((*packets)[2], (Packet{PacketType::kMessage, "0{\"token\":\"a\"}"}));
  EXPECT_EQ(JoinPayload({"4a", "2", "6"}), "4a\x1e" "2\x1e" "6");
  EXPECT_EQ(JoinPayload({}), "");
}

TEST(EngineIoPacketTest, RefusesBadPayloads) {
  for (const std::string& body :
       std::vector<std::string>{"", "4a\x1e", "\x1e" "4a", "4a\x1e\x1e" "4b", "4a\x1e" "9"}) {
    SCOPED_TRACE(body);
    EXPECT_FALSE(DecodePayload(body).ok());
  }
  std::string many;
  for (int i = 0; i < 5; ++i) many += "6\x1e";
  many += "6";
  EXPECT_FALSE(DecodePayload(many, 5).ok());
  EXPECT_TRUE(DecodePayload(many, 6).ok());
}

}  // namespace
}  // namespace syntera::realtime::eio
