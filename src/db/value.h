#pragma once
// Values passed to and read from SQL. The same store code runs on SQLite and PostgreSQL, so
// stores use only these types: integers (also booleans, timestamps as unix ms), doubles, text,
// bytes, null.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace syntera::db {

struct Bytes {
  std::string data;  // arbitrary bytes
};

using Value = std::variant<std::monostate, int64_t, double, std::string, Bytes>;

inline Value Null() { return std::monostate{}; }
inline Value Int(int64_t v) { return v; }
inline Value Text(std::string v) { return v; }
inline Value Blob(std::string v) { return Bytes{std::move(v)}; }
// Null when `v` is nullopt (an empty string stays an empty string).
Value OptText(const std::optional<std::string>& v);
Value OptInt(const std::optional<int64_t>& v);

// One result row. Column access is by index (fast) or name. Rows made by the engines share
// ownership of their column names, so a Row may outlive the Rows it came from.
class Row {
 public:
  // `names` must outlive the row.
  Row(const std::vector<std::string>* names, std::vector<Value> values)
      : names_(names), values_(std::move(values)) {}
  Row(std::shared_ptr<const std::vector<std::string>> names, std::vector<Value> values)
      : owned_names_(std::move(names)), names_(owned_names_.get()), values_(std::move(values)) {}

  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
  // Conversions are lenient across engines: integers from text or double (truncated), text
  // from numbers, bytes from text and text from bytes. A null or unparsable text reads as 0 /
  // "" — check IsNull where it matters. An index out of range throws std::out_of_range (a bug).
  int64_t Int(size_t i) const;
  double Double(size_t i) const;
  std::string Text(size_t i) const;
  std::string BytesAt(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
  std::optional<int64_t> OptInt(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }

  // Index of column `name`; throws std::out_of_range for an unknown name (a bug).
  size_t Index(std::string_view name) const;
  int64_t Int(std::string_view name) const { return Int(Index(name)); }
  std::string Text(std::string_view name) const { return Text(Index(name)); }
  std::optional<std::string> OptText(std::string_view name) const { return OptText(Index(name)); }
  std::optional<int64_t> OptInt(std::string_view name) const { return OptInt(Index(name)); }
  bool IsNull(std::string_view name) const { return IsNull(Index(name)); }
  const Value& at(size_t i) const { return values_.at(i); }

 private:
  std::shared_ptr<const std::vector<std::string>> owned_names_;  // may be null
  const std::vector<std::string>* names_;
  std::vector<Value> values_;
};

struct Rows {
  std::shared_ptr<std::vector<std::string>> columns;
  std::vector<Row> rows;
  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
  const Row& operator[](size_t i) const { return rows[i]; }
  auto begin() const { return rows.begin(); }
  auto end() const { return rows.end(); }
};

}  // namespace syntera::db
