#include "crm/api/codec.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <chrono>

#include "base/encoding.h"
#include "crm/crm_validation.h"

namespace syntera::crm::api {
namespace bj = boost::json;
using json::TimeOrNull;
using json::IdOrNull;
namespace {

bj::array Strings(const std::vector<std::string>& values) {
  bj::array out;
  for (const auto& v : values) out.emplace_back(v);
  return out;
}

bj::value FirstOrNull(const std::vector<std::string>& values) {
  if (values.empty()) return nullptr;
  return bj::value(values.front());
}

bj::object ConsentJson(const Consent& c) {
  return {{"granted", c.granted}, {"changed_at", TimeOrNull(c.changed_at)}};
}

bj::value CustomValueJson(const CustomValue& v) {
  if (v.type == FieldType::kBoolean) return v.value == "true";
  if (v.type == FieldType::kNumber) {
    boost::system::error_code ec;
    bj::value n = bj::parse(v.value, ec);
    if (!ec && n.is_number()) return n;
  }
  return bj::value(v.value);
}

const bj::value* Present(const bj::object& body, std::string_view field) {
  auto it = body.find(field);
  return it == body.end() ? nullptr : &it->value();
}

template <typename Enum>
std::optional<Enum> ReadEnum(json::Reader& in, std::string_view field,
                             std::optional<Enum> (*parse)(std::string_view), const char* allowed) {
  auto s = in.OptionalString(field, {.min_len = 1, .max_len = 50});
  if (!s) return std::nullopt;
  auto v = parse(*s);
  if (!v) in.Fail(field, std::string("must be one of ") + allowed);
  return v;
}

constexpr json::StringRule kName{.min_len = 0, .max_len = kMaxNameBytes};
constexpr json::StringRule kText{.min_len = 0, .max_len = kMaxTextBytes};

std::map<std::string, CustomValueInput> ReadCustom(const bj::object& body, json::Reader& in) {
  std::map<std::string, CustomValueInput> out;
  const bj::value* v = Present(body, "custom_fields");
  if (!v || v->is_null()) return out;
  if (!v->is_object()) {
    in.Fail("custom_fields", "must be an object of field key to value");
    return out;
  }
  for (const auto& kv : v->as_object()) {
    CustomValueInput cv;
    const bj::value& x = kv.value();
    if (x.is_null()) {
      cv.kind = CustomValueInput::Kind::kNull;
    } else if (x.is_string()) {
      cv.kind = CustomValueInput::Kind::kString;
      cv.text = std::string(x.as_string());
    } else if (x.is_bool()) {
      cv.kind = CustomValueInput::Kind::kBool;
      cv.text = x.as_bool() ? "true" : "false";
    } else if (x.is_number()) {
      cv.kind = CustomValueInput::Kind::kNumber;
      cv.text = bj::serialize(x);
    } else {
      cv.kind = CustomValueInput::Kind::kOther;
    }
    out[std::string(kv.key())] = std::move(cv);
  }
  return out;
}

}  // namespace

// ---- Encoding ----

bj::object ContactJson(const Contact& c) {
  bj::object custom;
  for (const auto& v : c.custom) custom[v.key] = CustomValueJson(v);
  return {{"id", c.id.str()},
          {"first_name", c.first_name},
          {"last_name", c.last_name},
          {"email", FirstOrNull(c.emails)},
          {"emails", Strings(c.emails)},
          {"phone", FirstOrNull(c.phones)},
          {"phones", Strings(c.phones)},
          {"company_id", IdOrNull(c.company_id)},
          {"job_title", c.job_title},
          {"tags", Strings(c.tags)},
          {"lifecycle", LifecycleName(c.lifecycle)},
          {"source", SourceName(c.source)},
          {"owner_id", IdOrNull(c.owner_id)},
          {"consent",
           bj::object{{"marketing", ConsentJson(c.marketing)},
                      {"data_processing", ConsentJson(c.data_processing)}}},
          {"last_seen_at", TimeOrNull(c.last_seen_at)},
          {"last_contacted_at", TimeOrNull(c.last_contacted_at)},
          {"custom_fields", std::move(custom)},
          {"created_at", FormatRfc3339(c.created_at)},
          {"updated_at", FormatRfc3339(c.updated_at)}};
}

bj::object CompanyJson(const Company& c) {
  return {{"id", c.id.str()},
          {"name", c.name},
          {"domain", json::StringOrNull(c.domain)},
          {"industry", c.industry},
          {"size", c.size},
          {"website", c.website},
          {"created_at", FormatRfc3339(c.created_at)},
          {"updated_at", FormatRfc3339(c.updated_at)}};
}

bj::object CustomFieldJson(const CustomField& f) {
  return {{"id", f.id.str()},
          {"key", f.key},
          {"label", f.label},
          {"type", FieldTypeName(f.type)},
          {"options", Strings(f.options)},
          {"created_at", FormatRfc3339(f.created_at)}};
}

bj::object StageJson(const Stage& s) {
  return {{"id", s.id.str()},
          {"name", s.name},
          {"probability", s.probability},
          {"position", s.position},
          {"kind", StageKindName(s.kind)}};
}

bj::object PipelineJson(const Pipeline& p) {
  bj::array stages;
  for (const Stage& s : p.stages) stages.push_back(StageJson(s));
  return {{"id", p.id.str()},
          {"name", p.name},
          {"is_default", p.is_default},
          {"stages", std::move(stages)},
          {"created_at", FormatRfc3339(p.created_at)}};
}

bj::object DealJson(const Deal& d) {
  bj::array history;
  for (const StageChange& h : d.stage_history) {
    history.push_back(bj::object{{"from_stage_id", IdOrNull(h.from_stage_id)},
                                 {"to_stage_id", h.to_stage_id.str()},
                                 {"changed_by", IdOrNull(h.changed_by)},
                                 {"changed_at", FormatRfc3339(h.changed_at)}});
  }
  return {{"id", d.id.str()},
          {"title", d.title},
          {"value", d.value},
          {"currency", d.currency},
          {"pipeline_id", d.pipeline_id.str()},
          {"stage", d.stage_id.str()},
          {"stage_id", d.stage_id.str()},
          {"probability", d.probability},
          {"expected_close_date", json::StringOrNull(d.expected_close_date)},
          {"owner_id", IdOrNull(d.owner_id)},
          {"contact_id", IdOrNull(d.contact_id)},
          {"company_id", IdOrNull(d.company_id)},
          {"status", DealStatusName(d.status)},
          {"close_reason", d.close_reason},
          {"position", d.position},
          {"stage_history", std::move(history)},
          {"created_at", FormatRfc3339(d.created_at)},
          {"updated_at", FormatRfc3339(d.updated_at)}};
}

bj::object BoardJson(const Board& b) {
  bj::array columns;
  for (const BoardColumn& c : b.columns) {
    bj::array totals, deals;
    for (const CurrencyTotal& t : c.totals) {
      totals.push_back(bj::object{{"currency", t.currency}, {"value", t.value}});
    }
    for (const Deal& d : c.deals) deals.push_back(DealJson(d));
    columns.push_back(bj::object{{"stage", StageJson(c.stage)},
                                 {"count", c.count},
                                 {"totals", std::move(totals)},
                                 {"deals", std::move(deals)}});
  }
  return {{"pipeline", PipelineJson(b.pipeline)}, {"columns", std::move(columns)}};
}

bj::object ActivityJson(const Activity& a) {
  return {{"id", a.id.str()},
          {"kind", ActivityKindName(a.kind)},
          {"body", a.body},
          {"contact_id", IdOrNull(a.link.contact_id)},
          {"company_id", IdOrNull(a.link.company_id)},
          {"deal_id", IdOrNull(a.link.deal_id)},
          {"created_by", IdOrNull(a.created_by)},
          {"occurred_at", FormatRfc3339(a.occurred_at)}};
}

bj::object TaskJson(const Task& t) {
  return {{"id", t.id.str()},
          {"title", t.title},
          {"due_at", TimeOrNull(t.due_at)},
          {"assignee_id", IdOrNull(t.assignee_id)},
          {"contact_id", IdOrNull(t.link.contact_id)},
          {"company_id", IdOrNull(t.link.company_id)},
          {"deal_id", IdOrNull(t.link.deal_id)},
          {"done", t.done},
          {"done_at", TimeOrNull(t.done_at)},
          {"created_by", IdOrNull(t.created_by)},
          {"created_at", FormatRfc3339(t.created_at)},
          {"updated_at", FormatRfc3339(t.updated_at)}};
}


// ---- Bodies ----

std::optional<std::optional<std::string>> NullableString(const bj::object& body, json::Reader& in,
                                                         std::string_view field,
                                                         json::StringRule rule) {
  const bj::value* v = Present(body, field);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>();
  auto s = in.OptionalString(field, rule);
  if (!s) return std::nullopt;  // the reader recorded why
  return std::optional<std::string>(std::move(*s));
}

std::optional<std::vector<std::string>> StringList(const bj::object& body, json::Reader& in,
                                                   std::string_view field, size_t max_len) {
  const bj::value* v = Present(body, field);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_array()) {
    in.Fail(field, "must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  bool ok = true;
  size_t i = 0;
  for (const bj::value& item : v->as_array()) {
    if (!item.is_string() || item.as_string().size() > max_len) {
      in.Fail(std::string(field) + "." + std::to_string(i),
              "must be a string of at most " + std::to_string(max_len) + " characters");
      ok = false;
    } else {
      out.emplace_back(item.as_string());
    }
    ++i;
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::optional<Timestamp>> NullableTime(const bj::object& body, json::Reader& in,
                                                     std::string_view field) {
  auto s = NullableString(body, in, field, {.min_len = 1, .max_len = 64});
  if (!s) return std::nullopt;
  if (!*s) return std::optional<Timestamp>();
  auto t = ParseRfc3339(**s);
  if (!t) {
    in.Fail(field, "must be an RFC 3339 timestamp like 2026-05-01T09:00:00Z");
    return std::nullopt;
  }
  return std::optional<Timestamp>(*t);
}

ContactInput ReadContactInput(const bj::object& body, json::Reader& in) {
  ContactInput c;
  c.first_name = in.OptionalString("first_name", kName);
  c.last_name = in.OptionalString("last_name", kName);
  c.email = in.OptionalString("email", {.min_len = 1, .max_len = 320});
  c.emails = StringList(body, in, "emails", 320);
  c.phone = in.OptionalString("phone", {.min_len = 1, .max_len = 64});
  c.phones = StringList(body, in, "phones", 64);
  c.company_id = NullableId<CompanyId>(body, in, "company_id");
  c.job_title = in.OptionalString("job_title", kName);
  c.tags = StringList(body, in, "tags", 200);
  c.lifecycle = ReadEnum<Lifecycle>(in, "lifecycle", ParseLifecycle,
                                    "subscriber, lead, opportunity, customer, other");
  c.source = ReadEnum<Source>(in, "source", ParseSource,
                              "widget, voice, phone, sms, import, api, manual");
  c.owner_id = NullableId<UserId>(body, in, "owner_id");
  c.marketing_consent = in.OptionalBool("marketing_consent");
  c.data_processing_consent = in.OptionalBool("data_processing_consent");
  if (auto t = NullableTime(body, in, "last_seen_at")) {
    if (*t) c.last_seen_at = **t;
  }
  if (auto t = NullableTime(body, in, "last_contacted_at")) {
    if (*t) c.last_contacted_at = **t;
  }
  c.custom = ReadCustom(body, in);
  return c;
}

CompanyInput ReadCompanyInput(const bj::object& body, json::Reader& in) {
  CompanyInput c;
  c.name = in.OptionalString("name", kName);
  c.domain = NullableString(body, in, "domain", {.min_len = 1, .max_len = 253});
  c.industry = in.OptionalString("industry", kName);
  c.size = in.OptionalString("size", {.min_len = 0, .max_len = 50});
  c.website = in.OptionalString("website", kText);
  return c;
}

DealInput ReadDealInput(const bj::object& body, json::Reader& in) {
  DealInput d;
  d.title = in.OptionalString("title", kName);
  d.value = in.OptionalInt("value", 0, 999'999'999'999'999);
  d.currency = in.OptionalString("currency", {.min_len = 1, .max_len = 10});
  if (auto p = in.OptionalString("pipeline_id", {.min_len = 1, .max_len = 100})) {
    d.pipeline_id = PipelineId(*p);
  }
  if (auto s = in.OptionalString("stage", {.min_len = 1, .max_len = 100})) d.stage_id = StageId(*s);
  if (auto p = in.OptionalInt("probability", 0, 100)) d.probability = static_cast<int>(*p);
  d.expected_close_date = NullableString(body, in, "expected_close_date", {.min_len = 1, .max_len = 10});
  d.owner_id = NullableId<UserId>(body, in, "owner_id");
  d.contact_id = NullableId<ContactId>(body, in, "contact_id");
  d.company_id = NullableId<CompanyId>(body, in, "company_id");
  d.close_reason = in.OptionalString("close_reason", kText);
  d.position = in.OptionalInt("position", 0, INT64_MAX / 4);
  return d;
}

TaskInput ReadTaskInput(const bj::object& body, json::Reader& in) {
  TaskInput t;
  t.title = in.OptionalString("title", kName);
  t.due_at = NullableTime(body, in, "due_at");
  t.assignee_id = NullableId<UserId>(body, in, "assignee_id");
  auto contact = NullableId<ContactId>(body, in, "contact_id");
  auto company = NullableId<CompanyId>(body, in, "company_id");
  auto deal = NullableId<DealId>(body, in, "deal_id");
  if (contact || company || deal) {
    RecordLink link;
    if (contact) link.contact_id = *contact;
    if (company) link.company_id = *company;
    if (deal) link.deal_id = *deal;
    t.link = link;
  }
  t.done = in.OptionalBool("done");
  return t;
}

PipelineInput ReadPipelineInput(const bj::object& body, json::Reader& in) {
  PipelineInput p;
  p.name = in.OptionalString("name", {.min_len = 1, .max_len = kMaxNameBytes});
  const bj::value* v = Present(body, "stages");
  if (!v || v->is_null()) return p;
  if (!v->is_array()) {
    in.Fail("stages", "must be an array of stages");
    return p;
  }
  std::vector<StageInput> stages;
  size_t i = 0;
  for (const bj::value& item : v->as_array()) {
    std::string at = "stages." + std::to_string(i++);
    if (!item.is_object()) {
      in.Fail(at, "must be an object {name, probability, kind}");
      continue;
    }
    json::Reader s(item.as_object());
    StageInput st;
    if (auto id = s.OptionalString("id", {.min_len = 1, .max_len = 100})) st.id = StageId(*id);
    st.name = s.RequiredString("name", {.min_len = 1, .max_len = kMaxNameBytes});
    st.probability = static_cast<int>(s.OptionalInt("probability", 0, 100).value_or(0));
    st.kind = ReadEnum<StageKind>(s, "kind", ParseStageKind, "open, won, lost").value_or(StageKind::kOpen);
    if (auto r = s.Finish(); !r.ok()) {
      for (const FieldError& f : r.error().fields) in.Fail(at + "." + f.field, f.message);
      continue;
    }
    stages.push_back(std::move(st));
  }
  p.stages = std::move(stages);
  return p;
}

CustomFieldInput ReadCustomFieldInput(const bj::object& body, json::Reader& in) {
  CustomFieldInput f;
  f.key = in.RequiredString("key", {.min_len = 1, .max_len = 64});
  f.label = in.RequiredString("label", {.min_len = 1, .max_len = kMaxNameBytes});
  std::string type = in.RequiredString("type", {.min_len = 1, .max_len = 20});
  if (!type.empty()) {
    auto t = ParseFieldType(type);
    if (!t) {
      in.Fail("type", "must be one of text, number, date, boolean, select");
    } else {
      f.type = *t;
    }
  }
  f.options = StringList(body, in, "options", kMaxNameBytes).value_or(std::vector<std::string>{});
  return f;
}

}  // namespace syntera::crm::api
