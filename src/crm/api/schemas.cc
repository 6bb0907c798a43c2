#include "crm/api/schemas.h"

namespace syntera::crm::api::schema {

namespace {
std::string Lifecycle() { return Enum({"subscriber", "lead", "opportunity", "customer", "other"}); }
std::string Source() { return Enum({"widget", "voice", "phone", "sms", "import", "api", "manual"}); }
std::string Strings(int max_length) { return ArrayOf(String(max_length)); }
std::string Consent() {
  return Object({{"granted", Boolean()}, {"changed_at", NullableTime()}}, {"granted"});
}
std::string CustomValues() {
  return R"x({"type":"object","description":"custom field key to value: string, number, )x"
         R"x(boolean; dates as YYYY-MM-DD; null clears","additionalProperties":)x"
         R"x({"type":["string","number","boolean","null"]}})x";
}
std::string Money() { return Integer(0, 999999999999999LL); }
std::string Currency() { return R"({"type":"string","pattern":"^[A-Z]{3}$","description":"ISO 4217"})"; }
std::string Date() { return R"({"type":["string","null"],"format":"date"})"; }
std::string Stage() {
  return Object({{"id", Id()},
                 {"name", String(200)},
                 {"probability", Integer(0, 100)},
                 {"position", R"({"type":"integer"})"},
                 {"kind", Enum({"open", "won", "lost"})}},
                {"id", "name", "probability", "position", "kind"});
}
}  // namespace

std::string Contact() {
  return Object({{"id", Id()},
                 {"first_name", String(200)},
                 {"last_name", String(200)},
                 {"email", NullableString(254)},
                 {"emails", Strings(254)},
                 {"phone", NullableString(16)},
                 {"phones", Strings(16)},
                 {"company_id", NullableId()},
                 {"job_title", String(200)},
                 {"tags", Strings(64)},
                 {"lifecycle", Lifecycle()},
                 {"source", Source()},
                 {"owner_id", NullableId()},
                 {"consent", Object({{"marketing", Consent()}, {"data_processing", Consent()}})},
                 {"last_seen_at", NullableTime()},
                 {"last_contacted_at", NullableTime()},
                 {"custom_fields", CustomValues()},
                 {"created_at", Time()},
                 {"updated_at", Time()}},
                {"id", "first_name", "last_name", "emails", "phones", "tags", "lifecycle",
                 "source", "custom_fields", "created_at", "updated_at"});
}

std::string ContactInput() {
  return Object({{"first_name", String(200)},
                 {"last_name", String(200)},
                 {"email", String(254, "email")},
                 {"emails", Strings(254)},
                 {"phone", String(64)},
                 {"phones", Strings(64)},
                 {"company_id", NullableId()},
                 {"job_title", String(200)},
                 {"tags", Strings(64)},
                 {"lifecycle", Lifecycle()},
                 {"source", Source()},
                 {"owner_id", NullableId()},
                 {"marketing_consent", Boolean()},
                 {"data_processing_consent", Boolean()},
                 {"last_seen_at", Time()},
                 {"last_contacted_at", Time()},
                 {"custom_fields", CustomValues()}});
}

std::string Company() {
  return Object({{"id", Id()},
                 {"name", String(200)},
                 {"domain", NullableString(253)},
                 {"industry", String(200)},
                 {"size", String(50)},
                 {"website", String(1000)},
                 {"created_at", Time()},
                 {"updated_at", Time()}},
                {"id", "name", "created_at", "updated_at"});
}

std::string CompanyInput() {
  return Object({{"name", String(200)},
                 {"domain", NullableString(253)},
                 {"industry", String(200)},
                 {"size", String(50)},
                 {"website", String(1000)}});
}

std::string CustomField() {
  return Object({{"id", Id()},
                 {"key", String(64)},
                 {"label", String(200)},
                 {"type", Enum({"text", "number", "date", "boolean", "select"})},
                 {"options", Strings(200)},
                 {"created_at", Time()}},
                {"id", "key", "label", "type", "options", "created_at"});
}

std::string CustomFieldInput() {
  return Object({{"key", R"({"type":"string","pattern":"^[a-z][a-z0-9_]{0,63}$"})"},
                 {"label", String(200)},
                 {"type", Enum({"text", "number", "date", "boolean", "select"})},
                 {"options", Strings(200)}},
                {"key", "label", "type"});
}

std::string Pipeline() {
  return Object({{"id", Id()},
                 {"name", String(200)},
                 {"is_default", Boolean()},
                 {"stages", ArrayOf(Stage())},
                 {"created_at", Time()}},
                {"id", "name", "is_default", "stages"});
}

std::string PipelineInput() {
  std::string stage = Object({{"id", Id()},
                              {"name", String(200)},
                              {"probability", Integer(0, 100)},
                              {"kind", Enum({"open", "won", "lost"})}},
                             {"name"});
  return Object({{"name", String(200)}, {"stages", ArrayOf(stage)}});
}

std::string Deal() {
  std::string change = Object({{"from_stage_id", NullableId()},
                               {"to_stage_id", Id()},
                               {"changed_by", NullableId()},
                               {"changed_at", Time()}});
  return Object({{"id", Id()},
                 {"title", String(200)},
                 {"value", Money()},
                 {"currency", Currency()},
                 {"pipeline_id", Id()},
                 {"stage", Id()},
                 {"stage_id", Id()},
                 {"probability", Integer(0, 100)},
                 {"expected_close_date", Date()},
                 {"owner_id", NullableId()},
                 {"contact_id", NullableId()},
                 {"company_id", NullableId()},
                 {"status", Enum({"open", "won", "lost"})},
                 {"close_reason", String(1000)},
                 {"position", R"({"type":"integer"})"},
                 {"stage_history", ArrayOf(change)},
                 {"created_at", Time()},
                 {"updated_at", Time()}},
                {"id", "title", "value", "currency", "pipeline_id", "stage", "status",
                 "stage_history", "created_at", "updated_at"});
}

std::string DealInput() {
  return Object({{"title", String(200)},
                 {"value", Money()},
                 {"currency", Currency()},
                 {"pipeline_id", Id()},
                 {"stage", R"({"type":"string","description":"a stage id of the pipeline"})"},
                 {"probability", Integer(0, 100)},
                 {"expected_close_date", Date()},
                 {"owner_id", NullableId()},
                 {"contact_id", NullableId()},
                 {"company_id", NullableId()},
                 {"close_reason", String(1000)},
                 {"position", R"({"type":"integer","minimum":0})"}});
}

std::string Board() {
  std::string total = Object({{"currency", Currency()}, {"value", R"({"type":"integer"})"}},
                             {"currency", "value"});
  std::string column = Object({{"stage", Stage()},
                               {"count", R"({"type":"integer"})"},
                               {"totals", ArrayOf(total)},
                               {"deals", ArrayOf(Deal())}},
                              {"stage", "count", "totals", "deals"});
  return Object({{"pipeline", Pipeline()}, {"columns", ArrayOf(column)}},
                {"pipeline", "columns"});
}

std::string Activity() {
  return Object({{"id", Id()},
                 {"kind", Enum({"note", "call", "email", "stage_change"})},
                 {"body", String()},
                 {"contact_id", NullableId()},
                 {"company_id", NullableId()},
                 {"deal_id", NullableId()},
                 {"created_by", NullableId()},
                 {"occurred_at", Time()}},
                {"id", "kind", "body", "occurred_at"});
}

std::string NoteInput() {
  return Object({{"body", R"({"type":"string","maxLength":65536,"description":"Markdown"})"},
                 {"kind", Enum({"note", "call", "email"})},
                 {"occurred_at", Time()}},
                {"body"});
}

std::string Task() {
  return Object({{"id", Id()},
                 {"title", String(200)},
                 {"due_at", NullableTime()},
                 {"assignee_id", NullableId()},
                 {"contact_id", NullableId()},
                 {"company_id", NullableId()},
                 {"deal_id", NullableId()},
                 {"done", Boolean()},
                 {"done_at", NullableTime()},
                 {"created_by", NullableId()},
                 {"created_at", Time()},
                 {"updated_at", Time()}},
                {"id", "title", "done", "created_at", "updated_at"});
}

std::string TaskInput() {
  return Object({{"title", String(200)},
                 {"due_at", NullableTime()},
                 {"assignee_id", NullableId()},
                 {"contact_id", NullableId()},
                 {"company_id", NullableId()},
                 {"deal_id", NullableId()},
                 {"done", Boolean()}});
}

}  // namespace syntera::crm::api::schema
