#include "crm/crm_events.h"

#include <algorithm>
#include <cstdio>

namespace syntera::crm {


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
