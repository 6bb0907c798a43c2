// The RFC 4180 reader and writer.

#include "crm/crm_csv.h"

#include <gtest/gtest.h>

#include <sstream>

namespace syntera::crm {
namespace {

std::vector<std::pair<int64_t, std::vector<std::string>>> ReadAll(const std::string& text) {
  std::istringstream in(text);
  CsvReader r(in);
  std::vector<std::pair<int64_t, std::vector<std::string>>> out;
  std::vector<std::string> rec;
  int64_t line = 0;
  for (;;) {
    auto more = r.Next(rec, line);
    EXPECT_TRUE(more.ok()) << (more.ok() ? "" : more.error().fields[0].message);
    if (!more.ok() || !*more) break;
    out.emplace_back(line, rec);
  }
  return out;
}

using Rec = std::vector<std::string>;

TEST(CsvReaderTest, PlainQuotedEscapedCrlfAndEmbeddedNewlines) {
  auto recs = ReadAll("\xEF\xBB\xBFh1,h2,h3\r\na,\"b,c\",\"say \"\"hi\"\"\"\r\n\"multi\r\nline\",,x\n"
                      "last,\"\",end");
  ASSERT_EQ(recs.size(), 4u);
  EXPECT_EQ(recs[0].second, (Rec{"h1", "h2", "h3"}));  // BOM stripped
  EXPECT_EQ(recs[1].second, (Rec{"a", "b,c", "say \"hi\""}));
  EXPECT_EQ(recs[1].first, 2);
  EXPECT_EQ(recs[2].second, (Rec{"multi\r\nline", "", "x"}));
  EXPECT_EQ(recs[2].first, 3);
  EXPECT_EQ(recs[3].first, 5);  // the quoted newline moved it down a line
  EXPECT_EQ(recs[3].second, (Rec{"last", "", "end"}));
}

TEST(CsvReaderTest, EmptyInputAndTrailingNewline) {
  EXPECT_TRUE(ReadAll("").empty());
  auto recs = ReadAll("a\n\nb\n");
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[1].second, (Rec{""}));
  EXPECT_EQ(recs[2].first, 3);
}

TEST(CsvReaderTest, MalformedInputIsRefused) {
  for (std::string bad : {"a,\"open\nnever closed", "a,b\"c\n", "\"x\"y,z\n"}) {
    std::istringstream in(bad);
    CsvReader r(in);
    std::vector<std::string> rec;
    int64_t line = 0;
    Result<bool> got = true;
    while (got.ok() && *got) got = r.Next(rec, line);
    ASSERT_FALSE(got.ok()) << bad;
    EXPECT_EQ(got.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(CsvWriterTest, QuotesAndGuardsFormulas) {
  EXPECT_EQ(CsvCell("plain"), "plain");
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvCell("say \"x\""), "\"say \"\"x\"\"\"");
  EXPECT_EQ(CsvCell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvCell("=SUM(A1)"), "'=SUM(A1)");
  EXPECT_EQ(CsvCell("+4420"), "'+4420");
  EXPECT_EQ(CsvCell("-1"), "'-1");
  EXPECT_EQ(CsvCell("@cmd"), "'@cmd");
  EXPECT_EQ(CsvCell("=1,2"), "\"'=1,2\"");
  EXPECT_EQ(StripFormulaGuard("'+4420"), "+4420");
  EXPECT_EQ(StripFormulaGuard("'quoted"), "'quoted");
  std::string out;
  AppendCsvRecord(out, {"a", "b c", ""});
  EXPECT_EQ(out, "a,b c,\r\n");
  auto recs = ReadAll(out + CsvCell("x\r\ny") + ",\"\"\r\n");
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[1].second, (Rec{"x\r\ny", ""}));
}

}  // namespace
}  // namespace syntera::crm
