#pragma once
// Input rules of the CRM module as pure functions. The service enforces them so every caller
// (HTTP, import, other modules) gets the same rules; each returns the problem or nullopt.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/encoding.h"
#include "base/result.h"
#include "crm/crm_types.h"

namespace syntera::crm {

inline constexpr size_t kMaxNameBytes = 200;
inline constexpr size_t kMaxTextBytes = 1000;
inline constexpr size_t kMaxNoteBytes = 64 * 1024;
inline constexpr size_t kMaxTags = 50;
inline constexpr size_t kMaxTagBytes = 64;
inline constexpr size_t kMaxEmails = 10;
inline constexpr size_t kMaxPhones = 10;

// Trimmed, ASCII-lowercased; valid when it is local@domain with a dot in the domain, no
// spaces and at most 254 bytes.
std::string NormalizeEmail(std::string_view email);
std::optional<std::string> EmailProblem(std::string_view normalized);

// The documented simple phone normaliser (no per-country numbering plans):
//  - spaces, '-', '.', '(' and ')' are dropped;
//  - "+<digits>" and "00<digits>" become "+<digits>" (E.164) when 8..15 digits follow;
//  - other all-digit numbers (national formats) are kept as digits, 5..15 of them, since the
//    country is unknown;
//  - anything else (letters, too short or long) is invalid: nullopt.
std::optional<std::string> NormalizePhone(std::string_view phone);

// True for a three-letter ISO 4217 code in our list of active currencies (upper case).
bool IsIsoCurrency(std::string_view code);
// Exponent (minor-unit digits) of a known currency: 2 for EUR, 0 for JPY, 3 for KWD.
int CurrencyExponent(std::string_view code);

// True for a valid calendar date "YYYY-MM-DD" (years 1900..9999).
bool IsIsoDate(std::string_view s);

// Canonical stored text of `input` for `field`, or the problem ("must be a number", …).
// kNull is not accepted here (it means "clear" and is handled by the caller).
struct CustomCheck {
  std::optional<std::string> value;
  std::optional<std::string> problem;
};
CustomCheck CheckCustomValue(const CustomField& field, const CustomValueInput& input);

// Checks list filters on custom fields against the organization's definitions `defs`: sets
// each filter's type and canonical value (number: a decimal number; date: YYYY-MM-DD;
// boolean: true/false; select: one of the options; text: as given, ≤1000 bytes). Errors:
// kInvalidArgument naming "cf.<key>" for an unknown field or a value of the wrong type.
Result<void> CheckCustomFilters(const std::vector<CustomField>& defs,
                                std::vector<CustomFieldFilter>& filters);

// Problem with a custom field key ([a-z][a-z0-9_]{0,63}).
std::optional<std::string> FieldKeyProblem(std::string_view key);

// A tag: trimmed, lowercased, 1..64 bytes, no commas.
std::optional<std::string> NormalizeTag(std::string_view tag);

// Lowercase host of a company domain ("Example.COM" or "https://example.com/x" →
// "example.com"); nullopt when it does not look like a host name.
std::optional<std::string> NormalizeDomain(std::string_view domain);

}  // namespace syntera::crm
