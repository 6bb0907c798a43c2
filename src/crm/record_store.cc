#include "crm/record_store.h"

#include "crm/store_util.h"

namespace syntera::crm::store {
namespace {

db::Value Str(std::string s) { return db::Text(std::move(s)); }

// Applies keyset pagination over (created_col, id) to `where`; kInvalidArgument for a bad
// cursor.
Result<void> After(const PageRequest& page, const char* col, const char* id_col, bool desc,
                   std::string& where, std::vector<db::Value>& params) {
  if (page.cursor.empty()) return Ok();
  auto cursor = DecodeCursor(page.cursor);
  if (!cursor || !std::holds_alternative<int64_t>(cursor->key)) {
    return InvalidArgument("invalid cursor", {{"cursor", "is not a cursor of this list"}});
  }
  AppendAfter(*cursor, col, id_col, desc, where, params);
  return Ok();
}

template <typename T, typename KeyFn>
Page<T> TakePage(std::vector<T> all, const PageRequest& page, KeyFn key) {
  Page<T> out;
  if (all.size() > static_cast<size_t>(page.limit)) {
    all.resize(static_cast<size_t>(page.limit));
    out.next_cursor = EncodeCursor(key(all.back()));
  }
  out.items = std::move(all);
  return out;
}

constexpr std::string_view kCompanyColumns =
    "SELECT id, org_id, name, domain, industry, size_band, website, created_at, updated_at "
    "FROM crm_companies ";

Company CompanyAt(const db::Row& r) {
  return Company{CompanyId(r.Text("id")), OrgId(r.Text("org_id")), r.Text("name"),
                 r.OptText("domain"),     r.Text("industry"),     r.Text("size_band"),
                 r.Text("website"),       TimeAt(r, "created_at"), TimeAt(r, "updated_at")};
}

constexpr std::string_view kActivityColumns =
    "SELECT id, org_id, kind, body, contact_id, company_id, deal_id, created_by, occurred_at "
    "FROM crm_activities ";

Activity ActivityAt(const db::Row& r) {
  Activity a;
  a.id = ActivityId(r.Text("id"));
  a.org_id = OrgId(r.Text("org_id"));
  a.kind = ParseActivityKind(r.Text("kind")).value_or(ActivityKind::kNote);
  a.body = r.Text("body");
  a.link = {OptIdAt<ContactId>(r, "contact_id"), OptIdAt<CompanyId>(r, "company_id"),
            OptIdAt<DealId>(r, "deal_id")};
  a.created_by = OptIdAt<UserId>(r, "created_by");
  a.occurred_at = TimeAt(r, "occurred_at");
  return a;
}

constexpr std::string_view kTaskColumns =
    "SELECT id, org_id, title, due_at, assignee_id, contact_id, company_id, deal_id, done_at, "
    "created_by, created_at, updated_at FROM crm_tasks ";

Task TaskAt(const db::Row& r) {
  Task t;
  t.id = TaskId(r.Text("id"));
  t.org_id = OrgId(r.Text("org_id"));
  t.title = r.Text("title");
  t.due_at = OptTimeAt(r, "due_at");
  t.assignee_id = OptIdAt<UserId>(r, "assignee_id");
  t.link = {OptIdAt<ContactId>(r, "contact_id"), OptIdAt<CompanyId>(r, "company_id"),
            OptIdAt<DealId>(r, "deal_id")};
  t.done_at = OptTimeAt(r, "done_at");
  t.done = t.done_at.has_value();
  t.created_by = OptIdAt<UserId>(r, "created_by");
  t.created_at = TimeAt(r, "created_at");
  t.updated_at = TimeAt(r, "updated_at");
  return t;
}

void AddLinkFilter(const RecordLink& link, std::string& where, std::vector<db::Value>& params) {
  if (link.contact_id) {
    where += " AND contact_id = ?";
    params.push_back(Str(link.contact_id->str()));
  }
  if (link.company_id) {
    where += " AND company_id = ?";
    params.push_back(Str(link.company_id->str()));
  }
  if (link.deal_id) {
    where += " AND deal_id = ?";
    params.push_back(Str(link.deal_id->str()));
  }
}

}  // namespace

Result<void> InsertCompany(db::Tx& tx, const Company& c) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO crm_companies (id, org_id, name, domain, industry, size_band, website, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Str(c.id.str()), Str(c.org_id.str()), Str(c.name), db::OptText(c.domain), Str(c.industry),
       Str(c.size), Str(c.website), TimeValue(c.created_at), TimeValue(c.updated_at)}));
  return Ok();
}

Result<void> UpdateCompany(db::Tx& tx, const Company& c) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "UPDATE crm_companies SET name = ?, domain = ?, industry = ?, size_band = ?, website = ?, "
      "updated_at = ? WHERE org_id = ? AND id = ?",
      {Str(c.name), db::OptText(c.domain), Str(c.industry), Str(c.size), Str(c.website),
       TimeValue(c.updated_at), Str(c.org_id.str()), Str(c.id.str())}));
  return Ok();
}

Result<std::optional<Company>> FindCompany(db::Tx& tx, const OrgId& org, const CompanyId& id) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(std::string(kCompanyColumns) + "WHERE org_id = ? AND id = ?",
                                {Str(org.str()), Str(id.str())}));
  if (rows.empty()) return std::optional<Company>();
  return std::optional<Company>(CompanyAt(rows[0]));
}

Result<std::optional<CompanyId>> FindCompanyByDomain(db::Tx& tx, const OrgId& org,
                                                     std::string_view domain) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT id FROM crm_companies WHERE org_id = ? AND domain = ?",
                                {Str(org.str()), Str(std::string(domain))}));
  if (rows.empty()) return std::optional<CompanyId>();
  return std::optional<CompanyId>(CompanyId(rows[0].Text(0)));
}

Result<Page<Company>> ListCompanies(db::Tx& tx, const OrgId& org, const PageRequest& page) {
  std::string where = "WHERE org_id = ?";
  std::vector<db::Value> params = {Str(org.str())};
  SYN_RETURN_IF_ERROR(After(page, "created_at", "id", false, where, params));
  params.push_back(db::Int(page.limit + 1));
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(std::string(kCompanyColumns) + where +
                                    " ORDER BY created_at, id LIMIT ?",
                                params));
  std::vector<Company> all;
  for (const auto& r : rows) all.push_back(CompanyAt(r));
  return TakePage(std::move(all), page, [](const Company& c) {
    return Cursor{TimeValue(c.created_at), c.id.str()};
  });
}

Result<bool> DeleteCompany(db::Tx& tx, const OrgId& org, const CompanyId& id) {
  SYN_ASSIGN_OR_RETURN(int64_t n, tx.Exec("DELETE FROM crm_companies WHERE org_id = ? AND id = ?",
                                          {Str(org.str()), Str(id.str())}));
  return n > 0;
}

Result<void> InsertCustomField(db::Tx& tx, const CustomField& f) {
  std::string options;
  for (const auto& o : f.options) options += (options.empty() ? "" : "\n") + o;
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO crm_custom_fields (id, org_id, field_key, label, field_type, options, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {Str(f.id.str()), Str(f.org_id.str()), Str(f.key), Str(f.label),
       Str(std::string(FieldTypeName(f.type))), Str(options), TimeValue(f.created_at)}));
  return Ok();
}

Result<std::vector<CustomField>> ListCustomFields(db::Tx& tx, const OrgId& org) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT id, org_id, field_key, label, field_type, options, created_at FROM "
               "crm_custom_fields WHERE org_id = ? ORDER BY field_key",
               {Str(org.str())}));
  std::vector<CustomField> out;
  for (const auto& r : rows) {
    CustomField f;
    f.id = CustomFieldId(r.Text("id"));
    f.org_id = OrgId(r.Text("org_id"));
    f.key = r.Text("field_key");
    f.label = r.Text("label");
    f.type = ParseFieldType(r.Text("field_type")).value_or(FieldType::kText);
    std::string options = r.Text("options");
    size_t start = 0;
    while (!options.empty() && start <= options.size()) {
      size_t nl = options.find('\n', start);
      f.options.push_back(options.substr(start, nl - start));
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    f.created_at = TimeAt(r, "created_at");
    out.push_back(std::move(f));
  }
  return out;
}

Result<bool> DeleteCustomField(db::Tx& tx, const OrgId& org, const CustomFieldId& id) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "DELETE FROM crm_contact_values WHERE org_id = ? AND field_key IN (SELECT field_key FROM "
      "crm_custom_fields WHERE org_id = ? AND id = ?)",
      {Str(org.str()), Str(org.str()), Str(id.str())}));
  SYN_ASSIGN_OR_RETURN(int64_t n,
                       tx.Exec("DELETE FROM crm_custom_fields WHERE org_id = ? AND id = ?",
                               {Str(org.str()), Str(id.str())}));
  return n > 0;
}

Result<void> InsertActivity(db::Tx& tx, const Activity& a) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO crm_activities (id, org_id, kind, body, contact_id, company_id, deal_id, "
      "created_by, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Str(a.id.str()), Str(a.org_id.str()), Str(std::string(ActivityKindName(a.kind))),
       Str(a.body), OptIdValue(a.link.contact_id), OptIdValue(a.link.company_id),
       OptIdValue(a.link.deal_id), OptIdValue(a.created_by), TimeValue(a.occurred_at)}));
  return Ok();
}

Result<Page<Activity>> ListActivities(db::Tx& tx, const OrgId& org, const RecordLink& link,
                                      const PageRequest& page) {
  std::string where = "WHERE org_id = ?";
  std::vector<db::Value> params = {Str(org.str())};
  AddLinkFilter(link, where, params);
  SYN_RETURN_IF_ERROR(After(page, "occurred_at", "id", true, where, params));
  params.push_back(db::Int(page.limit + 1));
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(std::string(kActivityColumns) + where +
                                    " ORDER BY occurred_at DESC, id DESC LIMIT ?",
                                params));
  std::vector<Activity> all;
  for (const auto& r : rows) all.push_back(ActivityAt(r));
  return TakePage(std::move(all), page, [](const Activity& a) {
    return Cursor{TimeValue(a.occurred_at), a.id.str()};
  });
}

Result<void> InsertTask(db::Tx& tx, const Task& t) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO crm_tasks (id, org_id, title, due_at, assignee_id, contact_id, company_id, "
      "deal_id, done_at, created_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {Str(t.id.str()), Str(t.org_id.str()), Str(t.title), OptTimeValue(t.due_at),
       OptIdValue(t.assignee_id), OptIdValue(t.link.contact_id), OptIdValue(t.link.company_id),
       OptIdValue(t.link.deal_id), OptTimeValue(t.done_at), OptIdValue(t.created_by),
       TimeValue(t.created_at), TimeValue(t.updated_at)}));
  return Ok();
}

Result<void> UpdateTask(db::Tx& tx, const Task& t) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "UPDATE crm_tasks SET title = ?, due_at = ?, assignee_id = ?, contact_id = ?, "
      "company_id = ?, deal_id = ?, done_at = ?, updated_at = ? WHERE org_id = ? AND id = ?",
      {Str(t.title), OptTimeValue(t.due_at), OptIdValue(t.assignee_id),
       OptIdValue(t.link.contact_id), OptIdValue(t.link.company_id), OptIdValue(t.link.deal_id),
       OptTimeValue(t.done_at), TimeValue(t.updated_at), Str(t.org_id.str()), Str(t.id.str())}));
  return Ok();
}

Result<std::optional<Task>> FindTask(db::Tx& tx, const OrgId& org, const TaskId& id) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(std::string(kTaskColumns) + "WHERE org_id = ? AND id = ?",
                                {Str(org.str()), Str(id.str())}));
  if (rows.empty()) return std::optional<Task>();
  return std::optional<Task>(TaskAt(rows[0]));
}

Result<Page<Task>> ListTasks(db::Tx& tx, const OrgId& org, const TaskFilter& f,
                             const PageRequest& page) {
  std::string where = "WHERE org_id = ?";
  std::vector<db::Value> params = {Str(org.str())};
  AddLinkFilter(f.link, where, params);
  if (f.assignee_id) {
    where += " AND assignee_id = ?";
    params.push_back(Str(f.assignee_id->str()));
  }
  if (f.done) where += *f.done ? " AND done_at IS NOT NULL" : " AND done_at IS NULL";
  if (f.due_before) {
    where += " AND due_at < ?";
    params.push_back(TimeValue(*f.due_before));
  }
  if (f.due_after) {
    where += " AND due_at >= ?";
    params.push_back(TimeValue(*f.due_after));
  }
  SYN_RETURN_IF_ERROR(After(page, "created_at", "id", false, where, params));
  params.push_back(db::Int(page.limit + 1));
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(std::string(kTaskColumns) + where +
                                                   " ORDER BY created_at, id LIMIT ?",
                                               params));
  std::vector<Task> all;
  for (const auto& r : rows) all.push_back(TaskAt(r));
  return TakePage(std::move(all), page, [](const Task& t) {
    return Cursor{TimeValue(t.created_at), t.id.str()};
  });
}

Result<bool> DeleteTask(db::Tx& tx, const OrgId& org, const TaskId& id) {
  SYN_ASSIGN_OR_RETURN(int64_t n, tx.Exec("DELETE FROM crm_tasks WHERE org_id = ? AND id = ?",
                                          {Str(org.str()), Str(id.str())}));
  return n > 0;
}

Result<bool> IsMember(db::Tx& tx, const OrgId& org, const UserId& user) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT 1 FROM memberships WHERE org_id = ? AND user_id = ?",
                                {Str(org.str()), Str(user.str())}));
  return !rows.empty();
}

}  // namespace syntera::crm::store
