#include "realtime/socketio_packet.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <random>
#include <string>

namespace syntera::realtime::sio {
namespace {

namespace json = boost::json;

TEST(SocketIoPacketTest, DecodesTheSpecExamples) {
  struct Case {
    std::string text;
    PacketType type;
    std::string nsp;
    std::optional<uint64_t> id;
    std::string data;  // JSON, empty = absent
  };
  const Case cases[] = {
      {"0", PacketType::kConnect, "/", std::nullopt, ""},
      {"0{\"token\":\"123\"}", PacketType::kConnect, "/", std::nullopt, "{\"token\":\"123\"}"},
      {"0/admin,{\"token\":\"1\"}", PacketType::kConnect, "/admin", std::nullopt,
       "{\"token\":\"1\"}"},
      {"1", PacketType::kDisconnect, "/", std::nullopt, ""},
      {"1/admin,", PacketType::kDisconnect, "/admin", std::nullopt, ""},
      {"2[\"foo\"]", PacketType::kEvent, "/", std::nullopt, "[\"foo\"]"},
      {"212[\"foo\",{\"a\":1}]", PacketType::kEvent, "/", 12, "[\"foo\",{\"a\":1}]"},
      {"2/admin,456[\"project:delete\",123]", PacketType::kEvent, "/admin", 456,
       "[\"project:delete\",123]"},
      {"3/admin,456[]", PacketType::kAck, "/admin", 456, "[]"},
      {"4{\"message\":\"Not authorized\"}", PacketType::kConnectError, "/", std::nullopt,
       "{\"message\":\"Not authorized\"}"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    Result<Packet> p = Decode(c.text);
    ASSERT_TRUE(p.ok()) << p.error().message;
    EXPECT_EQ(p->type, c.type);
    EXPECT_EQ(p->nsp, c.nsp);
    EXPECT_EQ(p->id, c.id);
    EXPECT_EQ(p->data, c.data.empty() ? json::value() : json::parse(c.data));
    // Re-encoding yields an equivalent packet (compare parsed, not text: see PLATFORM-NOTES).
    Result<Packet> again = Decode(Encode(*p));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->data, p->data);
    EXPECT_EQ(again->id, p->id);
    EXPECT_EQ(again->nsp, p->nsp);
  }
}

TEST(SocketIoPacketTest, EncodesServerPackets) {
  EXPECT_EQ(Encode({PacketType::kConnect, "/", std::nullopt, json::parse("{\"sid\":\"x\"}")}),
            "0{\"sid\":\"x\"}");
  EXPECT_EQ(Encode({PacketType::kAck, "/", 7, json::parse("[{\"ok\":true}]")}),
            "37[{\"ok\":true}]");
  EXPECT_EQ(Encode({PacketType::kEvent, "/chat", std::nullopt, json::parse("[\"a\"]")}),
            "2/chat,[\"a\"]");
  EXPECT_EQ(Encode({PacketType::kDisconnect, "/", std::nullopt, {}}), "1");
}

TEST(SocketIoPacketTest, RejectsMalformedPackets) {
  const char* cases[] = {
      "",                          // empty
      "7",                         // unknown type
      "x[]",                       // not a digit
      "2",                         // EVENT without data
      "2[]",                       // EVENT without a name
      "2[1]",                      // EVENT name not a string
      "2{\"a\":1}",                // EVENT data not an array
      "2[\"a\"",                   // truncated JSON
      "2[\"a\"]garbage",           // trailing bytes
      "0[1]",                      // CONNECT data not an object
      "0\"token\"",                // CONNECT data a string
      "1{}",                       // DISCONNECT with data
      "3[]",                       // ACK without id
      "31{}",                      // ACK data not an array
      "5[\"a\"]",                                         // binary without a count
      "50-[\"a\"]",                                       // zero attachments
      "533-[\"a\"]",                                      // over kMaxAttachments
      "21234567890123456[\"a\"]",  // ack id beyond 2^53
      "2/admin",                   // namespace only, EVENT without data
      "2[\"a\",1e999]",             // a number beyond a double: would re-encode as Infinity
      "2[\"a\",{\"n\":[-1e400]}]",     // the same, nested and negative
  };
  for (const char* text : cases) {
    SCOPED_TRACE(text);
    Result<Packet> p = Decode(text);
    ASSERT_FALSE(p.ok());
    EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(SocketIoPacketTest, BinaryEventsCarryPlaceholdersForTheirAttachments) {
  Result<Packet> p = Decode("52-/chat,7[\"upload\",{\"a\":{\"_placeholder\":true,\"num\":1}},"
                            "{\"_placeholder\":true,\"num\":0}]");
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->type, PacketType::kBinaryEvent);
  EXPECT_EQ(p->attachments, 2u);
  EXPECT_EQ(p->nsp, "/chat");
  EXPECT_EQ(p->id, 7u);
  ASSERT_TRUE(FillPlaceholders(p->data, {"\x01\x02", "hi"}).ok());
  EXPECT_EQ(boost::json::serialize(p->data),
            R"(["upload",{"a":{"_binary":"aGk="}},{"_binary":"AQI="}])");
  // Back to placeholders for sending, in order of appearance.
  std::vector<std::string> attachments;
  EXPECT_EQ(ExtractBinary(p->data, attachments), 2u);
  EXPECT_EQ(attachments, (std::vector<std::string>{"hi", "\x01\x02"}));
  Packet out{PacketType::kBinaryAck, "/", 7, p->data, attachments.size()};
  EXPECT_EQ(Encode(out),
            R"(62-7["upload",{"a":{"_placeholder":true,"num":0}},{"_placeholder":true,"num":1}])");
  // A placeholder naming a missing attachment is refused.
  boost::json::value bad = boost::json::parse(R"([{"_placeholder":true,"num":3}])");
  EXPECT_FALSE(FillPlaceholders(bad, {"x"}).ok());
}

TEST(SocketIoPacketTest, DeepNestingIsRefusedNotACrash) {
  std::string deep = "2[\"a\"," + std::string(100000, '[') + std::string(100000, ']') + "]";
  EXPECT_FALSE(Decode(deep).ok());
}

TEST(SocketIoPacketTest, RandomBytesNeverCrash) {
  std::mt19937 rng(42);
  const std::string alphabet = "0123456789/,[]{}\":-abc \\\x1e\xff";
  for (int i = 0; i < 20000; ++i) {
    std::string text(rng() % 24, ' ');
    for (char& ch : text) ch = alphabet[rng() % alphabet.size()];
    (void)Decode(text).ok();
  }
}

}  // namespace
}  // namespace syntera::realtime::sio
