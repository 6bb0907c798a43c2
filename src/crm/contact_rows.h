#pragma once
// Row helpers shared by the contact store files (private to src/crm): the contact columns,
// reading a row and loading the child rows of a page.

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "crm/crm_types.h"
#include "db/database.h"

namespace syntera::crm::store {

// "SELECT c.id, c.org_id, …, c.updated_at" (alias `c` for crm_contacts), without FROM.
std::string_view ContactColumns();
// A contact from a row of ContactColumns(); child lists empty.
Contact ContactAt(const db::Row& row);
// The name sort key: lowercased "last first".
std::string SortName(const Contact& contact);
// The organization term of a query on a contact's child rows (emails, phones, tags,
// values) by contact_id: on SQLite "+org_id = ?", which keeps the planner off the
// (org_id, …) indexes; without ANALYZE statistics it would otherwise prefer them and scan the
// whole organization instead of looking the contact up.
std::string_view ChildOrgTerm(db::Dialect dialect);
// Fills emails, phones, tags and custom values of `contacts` (all of `org`).
Result<void> LoadChildren(db::Tx& tx, const OrgId& org, std::vector<Contact>& contacts);

}  // namespace syntera::crm::store
