#pragma once
// Cursor pagination as every list of the API has it (API-CONVENTIONS): a request for `limit`
// items after an opaque `cursor`, and a page with the items and the next cursor.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace syntera {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 200;

struct PageRequest {
  int limit = kDefaultPageSize;  // 1..kMaxPageSize
  std::string cursor;            // opaque, from a previous page's next_cursor; "" = first page
  bool with_total = false;       // also count every match (`?count=true`; lists that support it)
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;  // set when more items may follow
  std::optional<int64_t> total;            // every match, when asked for and supported
};

}  // namespace syntera
