// store::ListContacts: one filter language, three query plans chosen so a page reads about
// `limit` index entries instead of every match:
//   - search (SQLite, created_at order): walk the FTS5 matches in rowid (= insertion =
//     creation) order and stop after the page, instead of sorting every match;
//   - tag (created_at order): walk crm_contact_tags (org_id, tag[, lifecycle], created_at),
//     which repeats the contact's lifecycle and created_at, so a tag (+ lifecycle) filter that
//     matches nothing costs one index probe;
//   - general: the contacts' own (org_id, [lifecycle | owner_id | company_id,] sort, id)
//     indexes, other filters checked per row (PostgreSQL search: GIN + top-N).

#include <cstdlib>

#include "crm/contact_rows.h"
#include "crm/contact_store.h"
#include "crm/store_util.h"
#include "db/full_text.h"

namespace syntera::crm::store {
namespace {

enum class Plan { kSearch, kTag, kGeneral };

struct SortSpec {
  const char* column;
  bool descending;
  bool text_key;
};

SortSpec SpecOf(ContactSort sort) {
  switch (sort) {
    case ContactSort::kCreatedAsc: return {"c.created_at", false, false};
    case ContactSort::kCreatedDesc: return {"c.created_at", true, false};
    case ContactSort::kUpdatedAsc: return {"c.updated_at", false, false};
    case ContactSort::kUpdatedDesc: return {"c.updated_at", true, false};
    case ContactSort::kNameAsc: return {"c.sort_name", false, true};
  }
  return {"c.created_at", true, false};
}

db::Value SortKey(const Contact& c, ContactSort sort) {
  switch (sort) {
    case ContactSort::kCreatedAsc:
    case ContactSort::kCreatedDesc: return TimeValue(c.created_at);
    case ContactSort::kUpdatedAsc:
    case ContactSort::kUpdatedDesc: return TimeValue(c.updated_at);
    case ContactSort::kNameAsc: return db::Text(SortName(c));
  }
  return TimeValue(c.created_at);
}

Plan PlanOf(db::Dialect dialect, const ContactFilter& f) {
  bool created_order = f.sort == ContactSort::kCreatedAsc || f.sort == ContactSort::kCreatedDesc;
  if (!f.q.empty()) {
    return dialect == db::Dialect::kSqlite && created_order ? Plan::kSearch : Plan::kGeneral;
  }
  return f.tag && created_order ? Plan::kTag : Plan::kGeneral;
}

// A query under construction: FROM clause, WHERE conditions and their parameters.
struct ListSql {
  std::string from;
  std::string where;
  std::vector<db::Value> params;

  void And(const std::string& condition) {
    where += (where.empty() ? " WHERE " : " AND ") + condition;
  }
  void And(const std::string& condition, db::Value value) {
    And(condition);
    params.push_back(std::move(value));
  }
};

void AddCustomFilter(ListSql& sql, const CustomFieldFilter& cf) {
  std::string exists =
      "EXISTS (SELECT 1 FROM crm_contact_values v WHERE v.org_id = c.org_id AND "
      "v.contact_id = c.id AND ";
  sql.params.push_back(db::Text(cf.key));
  if (cf.type == FieldType::kNumber) {
    // Numbers are stored as written ("5", "2.5E0"): compare values. CASE keeps PostgreSQL
    // from casting another field's text.
    sql.And(exists + "CASE WHEN v.field_key = ? THEN CAST(v.value AS DOUBLE PRECISION) END = ?)",
            db::Value(std::strtod(cf.value.c_str(), nullptr)));
  } else {
    sql.And(exists + "v.field_key = ? AND v.value = ?)", db::Text(cf.value));
  }
}

// FROM and WHERE for `f` under `plan`, without the cursor.
ListSql BuildQuery(db::Dialect dialect, const OrgId& org, const ContactFilter& f, Plan plan,
                   const std::string& match) {
  ListSql sql;
  bool lifecycle_done = false;
  if (plan == Plan::kSearch) {
    sql.from = "crm_contacts_fts f CROSS JOIN crm_contacts c ON c.rowid = f.rowid";
    sql.And("f.crm_contacts_fts MATCH ?", db::Text(match));
  } else if (plan == Plan::kTag) {
    sql.from = std::string("crm_contact_tags t ") +
               (dialect == db::Dialect::kSqlite ? "CROSS JOIN" : "JOIN") +
               " crm_contacts c ON c.id = t.contact_id";
    sql.And("t.org_id = ?", db::Text(org.str()));
    sql.And("t.tag = ?", db::Text(*f.tag));
    if (f.lifecycle) {
      sql.And("t.lifecycle = ?", db::Text(std::string(LifecycleName(*f.lifecycle))));
      lifecycle_done = true;
    }
  } else {
    sql.from = "crm_contacts c";
  }
  sql.And("c.org_id = ?", db::Text(org.str()));
  if (plan == Plan::kGeneral && !f.q.empty()) {
    if (dialect == db::Dialect::kSqlite) {
      sql.And("c.rowid IN (SELECT rowid FROM crm_contacts_fts WHERE crm_contacts_fts MATCH ?)",
              db::Text(match));
    } else {
      sql.And("to_tsvector('simple', c.search_text) @@ to_tsquery('simple', ?)", db::Text(match));
    }
  }
  if (f.tag && plan != Plan::kTag) {
    sql.And("EXISTS (SELECT 1 FROM crm_contact_tags t WHERE t.org_id = c.org_id AND "
            "t.contact_id = c.id AND t.tag = ?)",
            db::Text(*f.tag));
  }
  if (f.owner_id) sql.And("c.owner_id = ?", db::Text(f.owner_id->str()));
  if (f.lifecycle && !lifecycle_done) {
    sql.And("c.lifecycle = ?", db::Text(std::string(LifecycleName(*f.lifecycle))));
  }
  if (f.company_id) sql.And("c.company_id = ?", db::Text(f.company_id->str()));
  auto range = [&](const char* col, const std::optional<Timestamp>& from,
                   const std::optional<Timestamp>& to) {
    if (from) sql.And(std::string(col) + " >= ?", TimeValue(*from));
    if (to) sql.And(std::string(col) + " < ?", TimeValue(*to));
  };
  range("c.created_at", f.created_from, f.created_to);
  range("c.updated_at", f.updated_from, f.updated_to);
  for (const auto& cf : f.custom) AddCustomFilter(sql, cf);
  return sql;
}

}  // namespace

Result<Page<Contact>> ListContacts(db::Tx& tx, const OrgId& org, const ContactFilter& f,
                                   const PageRequest& page) {
  std::string match;
  if (!f.q.empty()) {
    match = db::PrefixMatchQuery(tx.dialect(), f.q);
    if (match.empty()) return Page<Contact>{{}, std::nullopt, page.with_total ? 0 : std::optional<int64_t>()};
  }
  Plan plan = PlanOf(tx.dialect(), f);
  ListSql sql = BuildQuery(tx.dialect(), org, f, plan, match);

  Page<Contact> out;
  if (page.with_total) {
    SYN_ASSIGN_OR_RETURN(db::Rows counted,
                         tx.Query("SELECT COUNT(*) FROM " + sql.from + sql.where, sql.params));
    out.total = counted.empty() ? 0 : counted[0].Int(0);
  }

  SortSpec spec = SpecOf(f.sort);
  std::string order_col = spec.column, id_col = "c.id";
  if (plan == Plan::kSearch) order_col = "f.rowid";
  if (plan == Plan::kTag) order_col = "t.created_at", id_col = "t.contact_id";
  if (!page.cursor.empty()) {
    auto cursor = DecodeCursor(page.cursor);
    bool text_key = cursor && std::holds_alternative<std::string>(cursor->key);
    if (!cursor || text_key != spec.text_key || cursor->insertion != (plan == Plan::kSearch)) {
      return InvalidArgument("invalid cursor", {{"cursor", "is not a cursor of this list"}});
    }
    if (plan == Plan::kSearch) {
      // rowids are unique; a plain comparison is what FTS5 can seek on.
      sql.And(std::string("f.rowid ") + (spec.descending ? "< ?" : "> ?"), cursor->key);
    } else {
      AppendAfter(*cursor, order_col, id_col, spec.descending, sql.where, sql.params);
    }
  }
  const char* dir = spec.descending ? " DESC" : " ASC";
  std::string order = " ORDER BY " + order_col + dir;
  if (plan != Plan::kSearch) order += ", " + id_col + dir;
  std::string columns(ContactColumns());
  if (plan == Plan::kSearch) columns += ", f.rowid AS list_rowid";
  sql.params.push_back(db::Int(page.limit + 1));
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(columns + " FROM " + sql.from + sql.where + order +
                                                   " LIMIT ?",
                                               sql.params));
  for (const auto& r : rows) out.items.push_back(ContactAt(r));
  if (out.items.size() > static_cast<size_t>(page.limit)) {
    out.items.resize(static_cast<size_t>(page.limit));
    const Contact& last = out.items.back();
    if (plan == Plan::kSearch) {
      out.next_cursor = EncodeCursor(
          {db::Int(rows[static_cast<size_t>(page.limit) - 1].Int("list_rowid")), last.id.str(),
           /*insertion=*/true});
    } else {
      out.next_cursor = EncodeCursor({SortKey(last, f.sort), last.id.str()});
    }
  }
  SYN_RETURN_IF_ERROR(LoadChildren(tx, org, out.items));
  return out;
}

}  // namespace syntera::crm::store
