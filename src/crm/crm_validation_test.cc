#include "crm/crm_validation.h"

#include <gtest/gtest.h>

namespace syntera::crm {
namespace {

TEST(NormalizePhone, FollowsTheDocumentedRules) {
  struct Case {
    const char* in;
    std::optional<std::string> out;
  };
  const Case cases[] = {
      {"+1 (415) 555-0100", "+14155550100"},
      {"0044 20 7946 0958", "+442079460958"},
      {"020 7946 0958", "02079460958"},  // national: country unknown, kept as digits
      {"+0123456789", std::nullopt},
      {"call me", std::nullopt},
      {"123", std::nullopt},
      {"+1234567890123456", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(NormalizePhone(c.in), c.out) << c.in;
}

TEST(Validation, EmailsCurrenciesDatesDomains) {
  EXPECT_EQ(NormalizeEmail("  Ada@Example.COM "), "ada@example.com");
  EXPECT_FALSE(EmailProblem("ada@example.com"));
  EXPECT_TRUE(EmailProblem("ada@example"));
  EXPECT_TRUE(EmailProblem("ada example@x.io"));
  EXPECT_TRUE(IsIsoCurrency("EUR"));
  EXPECT_FALSE(IsIsoCurrency("eur"));
  EXPECT_FALSE(IsIsoCurrency("XYZ"));
  EXPECT_EQ(CurrencyExponent("JPY"), 0);
  EXPECT_TRUE(IsIsoDate("2024-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-02-29"));
  EXPECT_FALSE(IsIsoDate("2023-13-01"));
  EXPECT_EQ(NormalizeDomain("https://www.Example.com/about"), "example.com");
  EXPECT_FALSE(NormalizeDomain("not a domain"));
}

TEST(Validation, CustomValuesAreTyped) {
  CustomField select{{}, {}, "plan", "Plan", FieldType::kSelect, {"free", "pro"}, {}};
  using K = CustomValueInput::Kind;
  EXPECT_EQ(CheckCustomValue(select, {K::kString, "pro"}).value, "pro");
  EXPECT_TRUE(CheckCustomValue(select, {K::kString, "gold"}).problem);
  CustomField number{{}, {}, "seats", "Seats", FieldType::kNumber, {}, {}};
  EXPECT_TRUE(CheckCustomValue(number, {K::kString, "3"}).problem);
  EXPECT_EQ(CheckCustomValue(number, {K::kNumber, "3"}).value, "3");
}

}  // namespace
}  // namespace syntera::crm
