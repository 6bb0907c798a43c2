#pragma once
// SQL for companies, custom field definitions, activities and tasks. Every function filters
// by `org`; another organization's row is not found.

#include <optional>
#include <vector>

#include "base/result.h"
#include "crm/crm_types.h"
#include "db/database.h"

namespace syntera::crm::store {

// Errors: kConflict when the domain is taken in the organization.
Result<void> InsertCompany(db::Tx& tx, const Company& company);
Result<void> UpdateCompany(db::Tx& tx, const Company& company);
Result<std::optional<Company>> FindCompany(db::Tx& tx, const OrgId& org, const CompanyId& id);
// The company holding `domain`, if any.
Result<std::optional<CompanyId>> FindCompanyByDomain(db::Tx& tx, const OrgId& org,
                                                     std::string_view domain);
// Oldest first by (created_at, id).
Result<Page<Company>> ListCompanies(db::Tx& tx, const OrgId& org, const PageRequest& page);
Result<bool> DeleteCompany(db::Tx& tx, const OrgId& org, const CompanyId& id);

// Errors: kConflict when the key exists in the organization.
Result<void> InsertCustomField(db::Tx& tx, const CustomField& field);
Result<std::vector<CustomField>> ListCustomFields(db::Tx& tx, const OrgId& org);
// Also removes the field's values from every contact. False when no such field.
Result<bool> DeleteCustomField(db::Tx& tx, const OrgId& org, const CustomFieldId& id);

Result<void> InsertActivity(db::Tx& tx, const Activity& activity);
// Newest first by (occurred_at, id), for the record named in `link` (exactly one set).
Result<Page<Activity>> ListActivities(db::Tx& tx, const OrgId& org, const RecordLink& link,
                                      const PageRequest& page);

Result<void> InsertTask(db::Tx& tx, const Task& task);
Result<void> UpdateTask(db::Tx& tx, const Task& task);
Result<std::optional<Task>> FindTask(db::Tx& tx, const OrgId& org, const TaskId& id);
// Oldest first by (created_at, id).
Result<Page<Task>> ListTasks(db::Tx& tx, const OrgId& org, const TaskFilter& filter,
                             const PageRequest& page);
Result<bool> DeleteTask(db::Tx& tx, const OrgId& org, const TaskId& id);

// True when `user` is a member of `org` (reads the auth module's `memberships` table: owners,
// assignees and authors must be team members).
Result<bool> IsMember(db::Tx& tx, const OrgId& org, const UserId& user);

}  // namespace syntera::crm::store
