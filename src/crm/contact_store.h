#pragma once
// SQL for contacts and their child rows (emails, phones, tags, custom values) and the search
// index (FTS5 on SQLite, the search_text GIN index on PostgreSQL). Every function filters by
// `org`; another organization's contact is not found.

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "crm/crm_types.h"
#include "db/database.h"

namespace syntera::crm::store {

// Inserts the contact with its child rows and search entry. Errors: kConflict when one of its
// emails or phones already belongs to a contact of the organization.
Result<void> InsertContact(db::Tx& tx, const Contact& contact);
// Rewrites the contact's row, child rows and search entry. Same errors as InsertContact.
Result<void> UpdateContact(db::Tx& tx, const Contact& contact);
Result<std::optional<Contact>> FindContact(db::Tx& tx, const OrgId& org, const ContactId& id);
// True when the contact exists in `org`.
Result<bool> ContactExists(db::Tx& tx, const OrgId& org, const ContactId& id);
// A contact other than `except` holding one of `emails` or `phones`, or nullopt.
Result<std::optional<ContactId>> FindDuplicate(db::Tx& tx, const OrgId& org,
                                               const std::vector<std::string>& emails,
                                               const std::vector<std::string>& phones,
                                               const std::optional<ContactId>& except);
// A filtered, sorted page (contact_list.cc); `total` too when page.with_total. `filter.custom`
// must be checked by the caller (type set, value canonical for it). With `q` and a created_at
// sort on SQLite, matches come in insertion order (= creation order) and the cursor is an
// insertion position. Errors: kInvalidArgument (field cursor) for a cursor that does not
// belong to this list's order.
Result<Page<Contact>> ListContacts(db::Tx& tx, const OrgId& org, const ContactFilter& filter,
                                   const PageRequest& page);
// False when no such contact.
Result<bool> DeleteContact(db::Tx& tx, const OrgId& org, const ContactId& id);
// Moves activities, deals and tasks of `from` to `to` (merge).
Result<void> MoveContactRecords(db::Tx& tx, const OrgId& org, const ContactId& from,
                                const ContactId& to);
// Rebuilds the search entries of the company's contacts (after a rename).
Result<void> RefreshCompanySearch(db::Tx& tx, const OrgId& org, const CompanyId& company);

}  // namespace syntera::crm::store
