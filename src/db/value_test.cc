#include "db/value.h"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>

namespace syntera::db {
namespace {

Row MakeRow(std::vector<Value> values) {
  auto names = std::make_shared<const std::vector<std::string>>(
      std::vector<std::string>{"a", "b", "c", "d", "e"});
  values.resize(5);
  return Row(names, std::move(values));
}

TEST(RowTest, IntIsLenientAcrossEngines) {
  Row row = MakeRow({Int(42), 2.9, Text("17"), Text("3.5"), Text("x")});
  EXPECT_EQ(row.Int(0), 42);
  EXPECT_EQ(row.Int(1), 2);   // double truncates
  EXPECT_EQ(row.Int(2), 17);  // text parses
  EXPECT_EQ(row.Int(3), 3);
  EXPECT_EQ(row.Int(4), 0);  // unparsable reads as 0
}

TEST(RowTest, TextFromNumbersAndBytes) {
  Row row = MakeRow({Int(-5), 0.1, Blob(std::string("a\0b", 3)), Null(), Text("t")});
  EXPECT_EQ(row.Text(0), "-5");
  EXPECT_EQ(row.Text(1), "0.1");  // shortest round-trip form
  EXPECT_EQ(row.Text(2), std::string("a\0b", 3));
  EXPECT_EQ(row.Text(3), "");
  EXPECT_EQ(row.BytesAt(4), "t");
  EXPECT_DOUBLE_EQ(row.Double(0), -5.0);
}

TEST(RowTest, NullsAndOptionals) {
  Row row = MakeRow({Null(), Int(0), Text("")});
  EXPECT_TRUE(row.IsNull(0));
  EXPECT_EQ(row.OptInt(0), std::nullopt);
  EXPECT_EQ(row.OptText(0), std::nullopt);
  EXPECT_EQ(row.Int(0), 0);
  EXPECT_EQ(row.OptInt(1), 0);
  EXPECT_EQ(row.OptText(2), "");
  EXPECT_FALSE(row.Bool(1));
}

TEST(RowTest, ByNameAndOutOfRange) {
  Row row = MakeRow({Int(1), Text("two")});
  EXPECT_EQ(row.Int("a"), 1);
  EXPECT_EQ(row.Text("b"), "two");
  EXPECT_EQ(row.Index("c"), 2u);
  EXPECT_THROW(row.Index("nope"), std::out_of_range);
  EXPECT_THROW(row.Int(9), std::out_of_range);
}

TEST(RowTest, OutlivesItsRows) {
  Row copy = [] {
    Rows rows;
    rows.columns = std::make_shared<std::vector<std::string>>(std::vector<std::string>{"x"});
    rows.rows.emplace_back(std::shared_ptr<const std::vector<std::string>>(rows.columns),
                           std::vector<Value>{Int(7)});
    return rows[0];
  }();
  EXPECT_EQ(copy.Int("x"), 7);
}

TEST(ValueTest, OptionalHelpers) {
  EXPECT_TRUE(std::holds_alternative<std::monostate>(OptText(std::nullopt)));
  EXPECT_EQ(std::get<std::string>(OptText(std::string())), "");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(OptInt(std::nullopt)));
  EXPECT_EQ(std::get<int64_t>(OptInt(3)), 3);
}

}  // namespace
}  // namespace syntera::db
