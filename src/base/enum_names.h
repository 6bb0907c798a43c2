#pragma once
// Enum ↔ wire name tables: one constexpr array of {value, "name"} per enum, looked up both ways.
//
//   constexpr std::array<std::pair<Status, std::string_view>, 2> kStatuses{{
//       {Status::kOpen, "open"}, {Status::kClosed, "closed"}}};
//   EnumName(kStatuses, Status::kOpen) == "open";  ParseEnum(kStatuses, "closed") == kClosed

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace syntera {

template <typename E, size_t N>
using EnumNames = std::array<std::pair<E, std::string_view>, N>;

// The name of `v`; empty when the table lacks it.
template <typename E, size_t N>
constexpr std::string_view EnumName(const EnumNames<E, N>& table, E v) {
  for (const auto& [e, name] : table) {
    if (e == v) return name;
  }
  return "";
}

template <typename E, size_t N>
constexpr std::optional<E> ParseEnum(const EnumNames<E, N>& table, std::string_view s) {
  for (const auto& [e, name] : table) {
    if (name == s) return e;
  }
  return std::nullopt;
}

}  // namespace syntera
