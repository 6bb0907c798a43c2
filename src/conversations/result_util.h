#pragma once
// Small Result helpers private to the conversations module.

#include <utility>

#include "base/result.h"

namespace syntera::conversations {

// `r` without its value: its error, or Ok().
template <typename T>
Result<void> IgnoreValue(Result<T> r) {
  if (!r.ok()) return std::move(r).error();
  return Ok();
}

}  // namespace syntera::conversations
