#include "db/value.h"

#include <charconv>
#include <stdexcept>
#include <type_traits>

namespace syntera::db {
namespace {

int64_t IntFromText(std::string_view s) {
  int64_t out = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec == std::errc() && ptr == s.data() + s.size()) return out;
  double d = 0;
  auto [dptr, dec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (dec == std::errc() && dptr == s.data() + s.size()) return static_cast<int64_t>(d);
  return 0;
}

double DoubleFromText(std::string_view s) {
  double out = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() ? out : 0;
}

std::string DoubleToText(double d) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof(buf), d);
  return ec == std::errc() ? std::string(buf, ptr) : std::string();
}

}  // namespace

Value OptText(const std::optional<std::string>& v) {
  if (!v) return Null();
  return *v;
}

Value OptInt(const std::optional<int64_t>& v) {
  if (!v) return Null();
  return *v;
}

int64_t Row::Int(size_t i) const {
  return std::visit(
      [](const auto& v) -> int64_t {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t>) return v;
        if constexpr (std::is_same_v<T, double>) return static_cast<int64_t>(v);
        if constexpr (std::is_same_v<T, std::string>) return IntFromText(v);
        if constexpr (std::is_same_v<T, Bytes>) return IntFromText(v.data);
        return 0;
      },
      values_.at(i));
}

double Row::Double(size_t i) const {
  return std::visit(
      [](const auto& v) -> double {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t>) return static_cast<double>(v);
        if constexpr (std::is_same_v<T, double>) return v;
        if constexpr (std::is_same_v<T, std::string>) return DoubleFromText(v);
        if constexpr (std::is_same_v<T, Bytes>) return DoubleFromText(v.data);
        return 0;
      },
      values_.at(i));
}

std::string Row::Text(size_t i) const {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, int64_t>) return std::to_string(v);
        if constexpr (std::is_same_v<T, double>) return DoubleToText(v);
        if constexpr (std::is_same_v<T, std::string>) return v;
        if constexpr (std::is_same_v<T, Bytes>) return v.data;
        return {};
      },
      values_.at(i));
}

std::string Row::BytesAt(size_t i) const { return Text(i); }

std::optional<std::string> Row::OptText(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Text(i);
}

std::optional<int64_t> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}

size_t Row::Index(std::string_view name) const {
  if (names_ != nullptr) {
    for (size_t i = 0; i < names_->size(); ++i) {
      if ((*names_)[i] == name) return i;
    }
  }
  throw std::out_of_range("no column named " + std::string(name));
}

}  // namespace syntera::db
