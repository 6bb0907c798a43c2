#pragma once
// JSON encoding of the CRM value types, decoding of request bodies into service inputs and of
// query strings into filters. Private to the CRM API target.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "crm/crm_types.h"
#include "http/message.h"
#include "json/json_io.h"
#include "json/query.h"

namespace syntera::crm::api {

// ---- Encoding ----
boost::json::object ContactJson(const Contact& contact);
boost::json::object CompanyJson(const Company& company);
boost::json::object CustomFieldJson(const CustomField& field);
boost::json::object StageJson(const Stage& stage);
boost::json::object PipelineJson(const Pipeline& pipeline);
boost::json::object DealJson(const Deal& deal);
boost::json::object BoardJson(const Board& board);
boost::json::object ActivityJson(const Activity& activity);
boost::json::object TaskJson(const Task& task);

template <typename T, typename Encode>
http::Response PageReply(const Page<T>& page, Encode encode) {
  boost::json::array data;
  for (const T& item : page.items) data.push_back(encode(item));
  return json::ReplyList(std::move(data), page.next_cursor, page.total);
}
template <typename T, typename Encode>
http::Response ListReply(const std::vector<T>& items, Encode encode) {
  boost::json::array data;
  for (const T& item : items) data.push_back(encode(item));
  return json::ReplyList(std::move(data), std::nullopt);
}

// ---- Query strings ----

// Typed query parameters; problems are collected and Finish() reports them all (400).
using Query = json::Query;  // json/query.h

// ---- Bodies ----

// Reads `field` when present: absent → nullopt; JSON null → an empty inner optional (clear);
// a string → its (trimmed) value.
std::optional<std::optional<std::string>> NullableString(const boost::json::object& body,
                                                         json::Reader& in, std::string_view field,
                                                         json::StringRule rule = {});
// A list of strings (each at most `max_len` bytes); absent or null → nullopt.
std::optional<std::vector<std::string>> StringList(const boost::json::object& body,
                                                   json::Reader& in, std::string_view field,
                                                   size_t max_len = 1000);
// An RFC 3339 timestamp; absent → nullopt, null → empty inner optional.
std::optional<std::optional<Timestamp>> NullableTime(const boost::json::object& body,
                                                     json::Reader& in, std::string_view field);

template <typename Id>
std::optional<std::optional<Id>> NullableId(const boost::json::object& body, json::Reader& in,
                                            std::string_view field) {
  auto s = NullableString(body, in, field, {.min_len = 1, .max_len = 100});
  if (!s) return std::nullopt;
  if (!*s) return std::optional<Id>();
  return std::optional<Id>(Id(**s));
}

ContactInput ReadContactInput(const boost::json::object& body, json::Reader& in);
CompanyInput ReadCompanyInput(const boost::json::object& body, json::Reader& in);
DealInput ReadDealInput(const boost::json::object& body, json::Reader& in);
TaskInput ReadTaskInput(const boost::json::object& body, json::Reader& in);
PipelineInput ReadPipelineInput(const boost::json::object& body, json::Reader& in);
CustomFieldInput ReadCustomFieldInput(const boost::json::object& body, json::Reader& in);

}  // namespace syntera::crm::api
