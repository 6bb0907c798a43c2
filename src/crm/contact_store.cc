#include "crm/contact_store.h"

#include <cctype>
#include <map>

#include "base/encoding.h"
#include "crm/contact_rows.h"
#include "crm/store_util.h"

namespace syntera::crm::store {
namespace {

constexpr std::string_view kColumns =
    "SELECT c.id, c.org_id, c.first_name, c.last_name, c.company_id, c.job_title, c.lifecycle, "
    "c.source, c.owner_id, c.marketing, c.marketing_at, c.data_processing, "
    "c.data_processing_at, c.last_seen_at, c.last_contacted_at, c.sort_name, c.created_at, "
    "c.updated_at FROM crm_contacts c ";

db::Value Str(std::string s) { return db::Text(std::move(s)); }

}  // namespace

std::string_view ContactColumns() { return kColumns.substr(0, kColumns.find(" FROM")); }

Contact ContactAt(const db::Row& row) {
  Contact c;
  c.id = ContactId(row.Text("id"));
  c.org_id = OrgId(row.Text("org_id"));
  c.first_name = row.Text("first_name");
  c.last_name = row.Text("last_name");
  c.company_id = OptIdAt<CompanyId>(row, "company_id");
  c.job_title = row.Text("job_title");
  c.lifecycle = ParseLifecycle(row.Text("lifecycle")).value_or(Lifecycle::kOther);
  c.source = ParseSource(row.Text("source")).value_or(Source::kManual);
  c.owner_id = OptIdAt<UserId>(row, "owner_id");
  c.marketing = {row.Int("marketing") != 0, OptTimeAt(row, "marketing_at")};
  c.data_processing = {row.Int("data_processing") != 0, OptTimeAt(row, "data_processing_at")};
  c.last_seen_at = OptTimeAt(row, "last_seen_at");
  c.last_contacted_at = OptTimeAt(row, "last_contacted_at");
  c.created_at = TimeAt(row, "created_at");
  c.updated_at = TimeAt(row, "updated_at");
  return c;
}

std::string SortName(const Contact& c) {
  return ToLowerAscii(c.last_name + " " + c.first_name);
}

namespace {

// Letters and digits of every searchable text, lowercased, one space between words, so both
// engines tokenise the same words (an email "ada@x.io" becomes "ada x io").
std::string SearchText(const Contact& c, const std::string& company_name) {
  std::string raw = c.first_name + " " + c.last_name + " " + company_name;
  for (const auto& e : c.emails) raw += " " + e;
  for (const auto& p : c.phones) raw += " " + p;
  std::string out;
  bool space = true;
  for (char ch : raw) {
    unsigned char u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) || u >= 0x80) {
      out.push_back(static_cast<char>(std::tolower(u)));
      space = false;
    } else if (!space) {
      out.push_back(' ');
      space = true;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Result<std::string> CompanyName(db::Tx& tx, const Contact& c) {
  if (!c.company_id) return std::string();
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT name FROM crm_companies WHERE org_id = ? AND id = ?",
                                {Str(c.org_id.str()), Str(c.company_id->str())}));
  return rows.empty() ? std::string() : rows[0].Text(0);
}

Result<void> WriteSearch(db::Tx& tx, const Contact& c, bool existed) {
  SYN_ASSIGN_OR_RETURN(std::string company, CompanyName(tx, c));
  std::string text = SearchText(c, company);
  SYN_RETURN_IF_ERROR(tx.Exec("UPDATE crm_contacts SET search_text = ? WHERE org_id = ? AND id = ?",
                              {Str(text), Str(c.org_id.str()), Str(c.id.str())}));
  if (tx.dialect() != db::Dialect::kSqlite) return Ok();
  if (existed) {
    SYN_RETURN_IF_ERROR(tx.Exec(
        "DELETE FROM crm_contacts_fts WHERE rowid = (SELECT rowid FROM crm_contacts WHERE id = ?)",
        {Str(c.id.str())}));
  }
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO crm_contacts_fts (rowid, body, contact_id, org_id) "
      "SELECT rowid, ?, id, org_id FROM crm_contacts WHERE id = ?",
      {Str(text), Str(c.id.str())}));
  return Ok();
}

}  // namespace

std::string_view ChildOrgTerm(db::Dialect dialect) {
  return dialect == db::Dialect::kSqlite ? "+org_id = ?" : "org_id = ?";
}

namespace {

// `existed`: delete the old child rows first (a new contact has none).
Result<void> WriteChildren(db::Tx& tx, const Contact& c, bool existed) {
  std::vector<db::Value> key = {Str(c.org_id.str()), Str(c.id.str())};
  for (const char* table :
       {"crm_contact_emails", "crm_contact_phones", "crm_contact_tags", "crm_contact_values"}) {
    if (!existed) break;
    SYN_RETURN_IF_ERROR(tx.Exec(std::string("DELETE FROM ") + table + " WHERE " +
                                    std::string(ChildOrgTerm(tx.dialect())) +
                                    " AND contact_id = ?",
                                key));
  }
  for (size_t i = 0; i < c.emails.size(); ++i) {
    SYN_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO crm_contact_emails (org_id, contact_id, email, position) VALUES (?, ?, ?, ?)",
        {key[0], key[1], Str(c.emails[i]), db::Int(static_cast<int64_t>(i))}));
  }
  for (size_t i = 0; i < c.phones.size(); ++i) {
    SYN_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO crm_contact_phones (org_id, contact_id, phone, position) VALUES (?, ?, ?, ?)",
        {key[0], key[1], Str(c.phones[i]), db::Int(static_cast<int64_t>(i))}));
  }
  // A tag row repeats the contact's lifecycle and created_at (migration 3) so a tag filter
  // pages through (org_id, tag[, lifecycle], created_at) without visiting other contacts.
  for (const auto& tag : c.tags) {
    SYN_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO crm_contact_tags (org_id, contact_id, tag, lifecycle, created_at) "
        "VALUES (?, ?, ?, ?, ?)",
        {key[0], key[1], Str(tag), Str(std::string(LifecycleName(c.lifecycle))),
         TimeValue(c.created_at)}));
  }
  for (const auto& v : c.custom) {
    SYN_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO crm_contact_values (org_id, contact_id, field_key, value) VALUES (?, ?, ?, ?)",
        {key[0], key[1], Str(v.key), Str(v.value)}));
  }
  return Ok();
}

std::vector<db::Value> RowValues(const Contact& c) {
  return {Str(c.first_name),
          Str(c.last_name),
          OptIdValue(c.company_id),
          Str(c.job_title),
          Str(std::string(LifecycleName(c.lifecycle))),
          Str(std::string(SourceName(c.source))),
          OptIdValue(c.owner_id),
          db::Int(c.marketing.granted ? 1 : 0),
          OptTimeValue(c.marketing.changed_at),
          db::Int(c.data_processing.granted ? 1 : 0),
          OptTimeValue(c.data_processing.changed_at),
          OptTimeValue(c.last_seen_at),
          OptTimeValue(c.last_contacted_at),
          Str(SortName(c)),
          TimeValue(c.updated_at)};
}

}  // namespace

Result<void> LoadChildren(db::Tx& tx, const OrgId& org, std::vector<Contact>& contacts) {
  if (contacts.empty()) return Ok();
  std::map<std::string, Contact*> by_id;
  std::vector<db::Value> params = {Str(org.str())};
  for (auto& c : contacts) {
    by_id[c.id.str()] = &c;
    params.push_back(Str(c.id.str()));
  }
  std::string in = " WHERE " + std::string(ChildOrgTerm(tx.dialect())) + " AND contact_id IN " +
                   Placeholders(contacts.size());
  SYN_ASSIGN_OR_RETURN(
      db::Rows emails,
      tx.Query("SELECT contact_id, email FROM crm_contact_emails" + in + " ORDER BY position", params));
  for (const auto& r : emails) by_id[r.Text(0)]->emails.push_back(r.Text(1));
  SYN_ASSIGN_OR_RETURN(
      db::Rows phones,
      tx.Query("SELECT contact_id, phone FROM crm_contact_phones" + in + " ORDER BY position", params));
  for (const auto& r : phones) by_id[r.Text(0)]->phones.push_back(r.Text(1));
  SYN_ASSIGN_OR_RETURN(
      db::Rows tags, tx.Query("SELECT contact_id, tag FROM crm_contact_tags" + in + " ORDER BY tag", params));
  for (const auto& r : tags) by_id[r.Text(0)]->tags.push_back(r.Text(1));
  SYN_ASSIGN_OR_RETURN(
      db::Rows values,
      tx.Query("SELECT contact_id, field_key, value FROM crm_contact_values" + in +
                   " ORDER BY field_key",
               params));
  for (const auto& r : values) {
    by_id[r.Text(0)]->custom.push_back(CustomValue{r.Text(1), FieldType::kText, r.Text(2)});
  }
  return Ok();
}

Result<void> InsertContact(db::Tx& tx, const Contact& c) {
  std::vector<db::Value> params = {Str(c.id.str()), Str(c.org_id.str())};
  for (auto& v : RowValues(c)) params.push_back(std::move(v));
  params.push_back(TimeValue(c.created_at));
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO crm_contacts (id, org_id, first_name, last_name, company_id, job_title, "
      "lifecycle, source, owner_id, marketing, marketing_at, data_processing, "
      "data_processing_at, last_seen_at, last_contacted_at, sort_name, updated_at, created_at, "
      "search_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
      params));
  SYN_RETURN_IF_ERROR(WriteChildren(tx, c, /*existed=*/false));
  return WriteSearch(tx, c, /*existed=*/false);
}

Result<void> UpdateContact(db::Tx& tx, const Contact& c) {
  std::vector<db::Value> params = RowValues(c);
  params.push_back(Str(c.org_id.str()));
  params.push_back(Str(c.id.str()));
  SYN_RETURN_IF_ERROR(tx.Exec(
      "UPDATE crm_contacts SET first_name = ?, last_name = ?, company_id = ?, job_title = ?, "
      "lifecycle = ?, source = ?, owner_id = ?, marketing = ?, marketing_at = ?, "
      "data_processing = ?, data_processing_at = ?, last_seen_at = ?, last_contacted_at = ?, "
      "sort_name = ?, updated_at = ? WHERE org_id = ? AND id = ?",
      params));
  SYN_RETURN_IF_ERROR(WriteChildren(tx, c, /*existed=*/true));
  return WriteSearch(tx, c, /*existed=*/true);
}

Result<std::optional<Contact>> FindContact(db::Tx& tx, const OrgId& org, const ContactId& id) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(std::string(kColumns) +
                                                   "WHERE c.org_id = ? AND c.id = ?",
                                               {Str(org.str()), Str(id.str())}));
  if (rows.empty()) return std::optional<Contact>();
  std::vector<Contact> one = {ContactAt(rows[0])};
  SYN_RETURN_IF_ERROR(LoadChildren(tx, org, one));
  return std::optional<Contact>(std::move(one[0]));
}

Result<bool> ContactExists(db::Tx& tx, const OrgId& org, const ContactId& id) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT 1 FROM crm_contacts WHERE org_id = ? AND id = ?",
                                {Str(org.str()), Str(id.str())}));
  return !rows.empty();
}

Result<std::optional<ContactId>> FindDuplicate(db::Tx& tx, const OrgId& org,
                                               const std::vector<std::string>& emails,
                                               const std::vector<std::string>& phones,
                                               const std::optional<ContactId>& except) {
  auto lookup = [&](const char* sql, const std::vector<std::string>& values)
      -> Result<std::optional<ContactId>> {
    if (values.empty()) return std::optional<ContactId>();
    std::vector<db::Value> params = {Str(org.str()), Str(except ? except->str() : "")};
    for (const auto& v : values) params.push_back(Str(v));
    SYN_ASSIGN_OR_RETURN(db::Rows rows,
                         tx.Query(std::string(sql) + Placeholders(values.size()) + " LIMIT 1",
                                  params));
    if (rows.empty()) return std::optional<ContactId>();
    return std::optional<ContactId>(ContactId(rows[0].Text(0)));
  };
  SYN_ASSIGN_OR_RETURN(auto by_email,
                       lookup("SELECT contact_id FROM crm_contact_emails WHERE org_id = ? AND "
                              "contact_id <> ? AND email IN ",
                              emails));
  if (by_email) return by_email;
  return lookup(
      "SELECT contact_id FROM crm_contact_phones WHERE org_id = ? AND contact_id <> ? AND "
      "phone IN ",
      phones);
}

Result<bool> DeleteContact(db::Tx& tx, const OrgId& org, const ContactId& id) {
  if (tx.dialect() == db::Dialect::kSqlite) {
    SYN_RETURN_IF_ERROR(tx.Exec(
        "DELETE FROM crm_contacts_fts WHERE rowid = (SELECT rowid FROM crm_contacts "
        "WHERE org_id = ? AND id = ?)",
        {Str(org.str()), Str(id.str())}));
  }
  // Notes and calls that were only about this contact go with it.
  SYN_RETURN_IF_ERROR(tx.Exec(
      "DELETE FROM crm_activities WHERE org_id = ? AND contact_id = ? AND deal_id IS NULL AND "
      "company_id IS NULL",
      {Str(org.str()), Str(id.str())}));
  SYN_ASSIGN_OR_RETURN(int64_t n, tx.Exec("DELETE FROM crm_contacts WHERE org_id = ? AND id = ?",
                                          {Str(org.str()), Str(id.str())}));
  return n > 0;
}

Result<void> MoveContactRecords(db::Tx& tx, const OrgId& org, const ContactId& from,
                                const ContactId& to) {
  for (const char* table : {"crm_activities", "crm_deals", "crm_tasks"}) {
    SYN_RETURN_IF_ERROR(tx.Exec(std::string("UPDATE ") + table +
                                    " SET contact_id = ? WHERE org_id = ? AND contact_id = ?",
                                {Str(to.str()), Str(org.str()), Str(from.str())}));
  }
  return Ok();
}

Result<void> RefreshCompanySearch(db::Tx& tx, const OrgId& org, const CompanyId& company) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT id FROM crm_contacts WHERE org_id = ? AND company_id = ?",
                                {Str(org.str()), Str(company.str())}));
  for (const auto& r : rows) {
    SYN_ASSIGN_OR_RETURN(auto c, FindContact(tx, org, ContactId(r.Text(0))));
    if (c) SYN_RETURN_IF_ERROR(WriteSearch(tx, *c, /*existed=*/true));
  }
  return Ok();
}

}  // namespace syntera::crm::store
