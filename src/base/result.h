#pragma once
// Result<T>: a value or an Error. Functions that can fail in expected ways return it; callers
// must look at it ([[nodiscard]]). Result<void> carries only success or an Error.

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "base/error.h"

namespace syntera {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(v_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const& { assert(!ok_); return error_; }
  Error&& error() && { assert(!ok_); return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

inline Result<void> Ok() { return {}; }

}  // namespace syntera

#define SYN_CONCAT_INNER(a, b) a##b
#define SYN_CONCAT(a, b) SYN_CONCAT_INNER(a, b)

// Returns the error of `expr` (a Result) from the enclosing function, which must return a Result.
#define SYN_RETURN_IF_ERROR(expr) SYN_RETURN_IF_ERROR_IMPL(SYN_CONCAT(syn_r_, __COUNTER__), expr)
#define SYN_RETURN_IF_ERROR_IMPL(tmp, expr)              \
  do {                                                   \
    auto&& tmp = (expr);                                 \
    if (!tmp.ok()) return std::move(tmp).error();        \
  } while (0)

// `SYN_ASSIGN_OR_RETURN(auto x, Foo());` declares x from Foo()'s value or returns its error.
#define SYN_ASSIGN_OR_RETURN(lhs, expr) \
  SYN_ASSIGN_OR_RETURN_IMPL(SYN_CONCAT(syn_result_, __COUNTER__), lhs, expr)
#define SYN_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  if (!tmp.ok()) return std::move(tmp).error();   \
  lhs = std::move(tmp).value()
