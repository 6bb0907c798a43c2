#include "crm/crm_validation.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "base/encoding.h"

namespace syntera::crm {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Active ISO 4217 codes with their exponents (0, 2 or 3 minor digits).
struct CurrencyInfo {
  std::string_view code;
  int exponent;
};
constexpr std::array<CurrencyInfo, 60> kCurrencies{{
    {"AED", 2}, {"ARS", 2}, {"AUD", 2}, {"BGN", 2}, {"BHD", 3}, {"BRL", 2}, {"CAD", 2},
    {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CZK", 2}, {"DKK", 2}, {"EGP", 2},
    {"EUR", 2}, {"GBP", 2}, {"GHS", 2}, {"HKD", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2},
    {"INR", 2}, {"ISK", 0}, {"JOD", 3}, {"JPY", 0}, {"KES", 2}, {"KRW", 0}, {"KWD", 3},
    {"MAD", 2}, {"MXN", 2}, {"MYR", 2}, {"NGN", 2}, {"NOK", 2}, {"NZD", 2}, {"OMR", 3},
    {"PEN", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"QAR", 2}, {"RON", 2}, {"RSD", 2},
    {"SAR", 2}, {"SEK", 2}, {"SGD", 2}, {"THB", 2}, {"TND", 3}, {"TRY", 2}, {"TWD", 2},
    {"UAH", 2}, {"USD", 2}, {"UYU", 2}, {"VND", 0}, {"XAF", 0}, {"XOF", 0}, {"ZAR", 2},
    {"LKR", 2}, {"BDT", 2}, {"KZT", 2}, {"UGX", 0},
}};

}  // namespace

std::string NormalizeEmail(std::string_view email) { return ToLowerAscii(TrimAscii(email)); }

std::optional<std::string> EmailProblem(std::string_view e) {
  if (e.empty()) return "is required";
  if (e.size() > 254) return "must be at most 254 characters";
  size_t at = e.find('@');
  if (at == std::string_view::npos || at == 0 || e.find('@', at + 1) != std::string_view::npos)
    return "must be an email address";
  std::string_view domain = e.substr(at + 1);
  size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.')
    return "must be an email address";
  for (char c : e) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == ',' || c == '<' || c == '>')
      return "must be an email address";
  }
  return std::nullopt;
}

std::optional<std::string> NormalizePhone(std::string_view phone) {
  std::string s;
  for (char c : TrimAscii(phone)) {
    if (c == ' ' || c == '-' || c == '.' || c == '(' || c == ')') continue;
    s.push_back(c);
  }
  bool international = false;
  if (!s.empty() && s[0] == '+') {
    international = true;
    s.erase(0, 1);
  } else if (s.size() > 2 && s[0] == '0' && s[1] == '0') {
    international = true;
    s.erase(0, 2);
  }
  if (!AllDigits(s)) return std::nullopt;
  if (international) {
    if (s.size() < 8 || s.size() > 15 || s[0] == '0') return std::nullopt;
    return "+" + s;
  }
  if (s.size() < 5 || s.size() > 15) return std::nullopt;
  return s;
}

bool IsIsoCurrency(std::string_view code) {
  return std::any_of(kCurrencies.begin(), kCurrencies.end(),
                     [&](const CurrencyInfo& c) { return c.code == code; });
}

int CurrencyExponent(std::string_view code) {
  for (const auto& c : kCurrencies) {
    if (c.code == code) return c.exponent;
  }
  return 2;
}

bool IsIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!AllDigits(s.substr(0, 4)) || !AllDigits(s.substr(5, 2)) || !AllDigits(s.substr(8, 2)))
    return false;
  int y = std::atoi(std::string(s.substr(0, 4)).c_str());
  int m = std::atoi(std::string(s.substr(5, 2)).c_str());
  int d = std::atoi(std::string(s.substr(8, 2)).c_str());
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max;
}

CustomCheck CheckCustomValue(const CustomField& field, const CustomValueInput& in) {
  using Kind = CustomValueInput::Kind;
  switch (field.type) {
    case FieldType::kText:
      if (in.kind != Kind::kString) return {std::nullopt, "must be a string"};
      if (in.text.size() > kMaxTextBytes) return {std::nullopt, "is too long"};
      return {in.text, std::nullopt};
    case FieldType::kNumber:
      if (in.kind != Kind::kNumber) return {std::nullopt, "must be a number"};
      return {in.text, std::nullopt};
    case FieldType::kBoolean:
      if (in.kind != Kind::kBool) return {std::nullopt, "must be a boolean"};
      return {in.text, std::nullopt};
    case FieldType::kDate:
      if (in.kind != Kind::kString || !IsIsoDate(in.text))
        return {std::nullopt, "must be a date (YYYY-MM-DD)"};
      return {in.text, std::nullopt};
    case FieldType::kSelect:
      if (in.kind != Kind::kString ||
          std::find(field.options.begin(), field.options.end(), in.text) == field.options.end())
        return {std::nullopt, "must be one of the field's options"};
      return {in.text, std::nullopt};
  }
  return {std::nullopt, "has an unknown type"};
}

Result<void> CheckCustomFilters(const std::vector<CustomField>& defs,
                                std::vector<CustomFieldFilter>& filters) {
  using Kind = CustomValueInput::Kind;
  std::vector<FieldError> errors;
  for (CustomFieldFilter& f : filters) {
    std::string name = "cf." + f.key;
    auto def = std::find_if(defs.begin(), defs.end(),
                            [&](const CustomField& d) { return d.key == f.key; });
    if (def == defs.end()) {
      errors.push_back({name, "is not a custom field of this organization"});
      continue;
    }
    f.type = def->type;
    CustomValueInput as_input{Kind::kString, f.value};
    if (def->type == FieldType::kNumber) {
      double parsed = 0;
      auto [end, ec] = std::from_chars(f.value.data(), f.value.data() + f.value.size(), parsed);
      if (f.value.empty() || ec != std::errc() || end != f.value.data() + f.value.size() ||
          !std::isfinite(parsed)) {
        errors.push_back({name, "must be a number"});
      }
      continue;
    }
    if (def->type == FieldType::kBoolean) {
      if (f.value != "true" && f.value != "false") errors.push_back({name, "must be true or false"});
      continue;
    }
    CustomCheck check = CheckCustomValue(*def, as_input);
    if (check.problem) {
      errors.push_back({name, *check.problem});
    } else {
      f.value = *check.value;
    }
  }
  if (!errors.empty()) return InvalidArgument("invalid custom field filter", std::move(errors));
  return Ok();
}

std::optional<std::string> FieldKeyProblem(std::string_view key) {
  if (key.empty() || key.size() > 64 || key[0] < 'a' || key[0] > 'z')
    return "must match [a-z][a-z0-9_]{0,63}";
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
      return "must match [a-z][a-z0-9_]{0,63}";
  }
  return std::nullopt;
}

std::optional<std::string> NormalizeTag(std::string_view tag) {
  std::string t = ToLowerAscii(TrimAscii(tag));
  if (t.empty() || t.size() > kMaxTagBytes || t.find(',') != std::string::npos) return std::nullopt;
  return t;
}

std::optional<std::string> NormalizeDomain(std::string_view domain) {
  std::string d = ToLowerAscii(TrimAscii(domain));
  for (std::string_view scheme : {"https://", "http://"}) {
    if (d.rfind(scheme, 0) == 0) d.erase(0, scheme.size());
  }
  if (size_t slash = d.find('/'); slash != std::string::npos) d.resize(slash);
  if (d.rfind("www.", 0) == 0) d.erase(0, 4);
  if (d.empty() || d.size() > 253 || d.find('.') == std::string::npos || d.front() == '.' ||
      d.back() == '.')
    return std::nullopt;
  for (char c : d) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'))
      return std::nullopt;
  }
  return d;
}

}  // namespace syntera::crm
