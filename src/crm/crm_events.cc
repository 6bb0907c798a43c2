#include "crm/crm_events.h"

#include <algorithm>
#include <cstdio>

namespace syntera::crm {

std::string JsonQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

void PayloadBuilder::Key(std::string_view key) {
  if (!body_.empty()) body_.push_back(',');
  body_ += JsonQuote(key);
  body_.push_back(':');
}

PayloadBuilder& PayloadBuilder::Str(std::string_view key, std::string_view value) {
  Key(key);
  body_ += JsonQuote(value);
  return *this;
}

PayloadBuilder& PayloadBuilder::Int(std::string_view key, int64_t value) {
  Key(key);
  body_ += std::to_string(value);
  return *this;
}

PayloadBuilder& PayloadBuilder::OptStr(std::string_view key,
                                       const std::optional<std::string>& value) {
  if (value) return Str(key, *value);
  Key(key);
  body_ += "null";
  return *this;
}

PayloadBuilder& PayloadBuilder::List(std::string_view key, const std::vector<std::string>& values) {
  Key(key);
  body_.push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) body_.push_back(',');
    body_ += JsonQuote(values[i]);
  }
  body_.push_back(']');
  return *this;
}

PayloadBuilder& PayloadBuilder::Raw(std::string_view key, std::string_view json) {
  Key(key);
  body_ += json;
  return *this;
}

namespace {

std::string JsonList(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + JsonQuote(values[i]);
  return out + "]";
}

std::string JsonOpt(const std::optional<std::string>& v) { return v ? JsonQuote(*v) : "null"; }

}  // namespace

void ChangeSet::Record(std::string_view field, std::string from_json, std::string to_json) {
  fields_.emplace_back(field);
  changes_.emplace_back(std::string(field),
                        "{\"from\":" + from_json + ",\"to\":" + to_json + "}");
}

void ChangeSet::Str(std::string_view field, const std::string& from, const std::string& to) {
  if (from != to) Record(field, JsonQuote(from), JsonQuote(to));
}

void ChangeSet::OptStr(std::string_view field, const std::optional<std::string>& from,
                       const std::optional<std::string>& to) {
  if (from != to) Record(field, JsonOpt(from), JsonOpt(to));
}

void ChangeSet::Int(std::string_view field, int64_t from, int64_t to) {
  if (from != to) Record(field, std::to_string(from), std::to_string(to));
}

void ChangeSet::Bool(std::string_view field, bool from, bool to) {
  if (from != to) Record(field, from ? "true" : "false", to ? "true" : "false");
}

void ChangeSet::List(std::string_view field, const std::vector<std::string>& from,
                     const std::vector<std::string>& to) {
  if (from != to) Record(field, JsonList(from), JsonList(to));
}

void ChangeSet::NameOnly(std::string_view field, bool changed) {
  if (changed) fields_.emplace_back(field);
}

void ChangeSet::AddTo(PayloadBuilder& payload) const {
  std::vector<std::string> names = fields_;
  std::sort(names.begin(), names.end());
  auto sorted = changes_;
  std::sort(sorted.begin(), sorted.end());
  std::string changes = "{";
  for (size_t i = 0; i < sorted.size(); ++i) {
    changes += (i ? "," : "") + JsonQuote(sorted[i].first) + ":" + sorted[i].second;
  }
  payload.List("changed", names).Raw("changes", changes + "}");
}

}  // namespace syntera::crm
