// CrmService: companies, custom fields, activities and tasks.

#include "crm/contact_store.h"
#include "crm/crm_service.h"
#include "crm/crm_validation.h"
#include "crm/deal_store.h"
#include "crm/record_store.h"
#include "crm/task_due_store.h"

namespace syntera::crm {
namespace {

Result<void> ApplyCompanyInput(const CompanyInput& in, Company& c) {
  std::vector<FieldError> errors;
  if (in.name) {
    c.name = std::string(TrimAscii(*in.name));
    if (c.name.empty() || c.name.size() > kMaxNameBytes)
      errors.push_back({"name", "must be 1..200 characters"});
  }
  if (in.domain) {
    c.domain = std::nullopt;
    if (*in.domain && !TrimAscii(**in.domain).empty()) {
      c.domain = NormalizeDomain(**in.domain);
      if (!c.domain) errors.push_back({"domain", "must be a domain name like example.com"});
    }
  }
  auto text = [&](const char* field, const std::optional<std::string>& v, std::string& out) {
    if (!v) return;
    out = std::string(TrimAscii(*v));
    if (out.size() > kMaxTextBytes) errors.push_back({field, "is too long"});
  };
  text("industry", in.industry, c.industry);
  text("size", in.size, c.size);
  text("website", in.website, c.website);
  if (!errors.empty()) return InvalidArgument("invalid company", std::move(errors));
  return Ok();
}

Result<void> DomainFree(db::Tx& tx, const Company& c) {
  if (!c.domain) return Ok();
  SYN_ASSIGN_OR_RETURN(auto holder, store::FindCompanyByDomain(tx, c.org_id, *c.domain));
  if (holder && *holder != c.id) {
    Error e = Conflict("a company with this domain already exists");
    e.existing_id = holder->str();
    return e;
  }
  return Ok();
}

int LinkCount(const RecordLink& l) {
  return (l.contact_id ? 1 : 0) + (l.company_id ? 1 : 0) + (l.deal_id ? 1 : 0);
}

}  // namespace

Result<Company> CrmService::CreateCompany(const Principal& who, const CompanyInput& input) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  Company c;
  c.id = CompanyId(NewId());
  c.org_id = who.org_id;
  c.created_at = c.updated_at = Now();
  if (!input.name) return InvalidArgument("invalid company", {{"name", "is required"}});
  SYN_RETURN_IF_ERROR(ApplyCompanyInput(input, c));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<Company> {
    SYN_RETURN_IF_ERROR(DomainFree(tx, c));
    SYN_RETURN_IF_ERROR(store::InsertCompany(tx, c));
    SYN_RETURN_IF_ERROR(Emit(tx, who, "company.created", "company", c.id.str(),
                             PayloadBuilder().Str("company_id", c.id.str()).Build()));
    return c;
  });
}

Result<Company> CrmService::GetCompany(const Principal& who, const CompanyId& id) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kRead, [&](db::Tx& tx) -> Result<Company> {
    SYN_ASSIGN_OR_RETURN(auto c, store::FindCompany(tx, who.org_id, id));
    if (!c) return NotFound("company not found");
    return std::move(*c);
  });
}

Result<Page<Company>> CrmService::ListCompanies(const Principal& who, const PageRequest& page) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kRead,
                  [&](db::Tx& tx) { return store::ListCompanies(tx, who.org_id, page); });
}

Result<Company> CrmService::UpdateCompany(const Principal& who, const CompanyId& id,
                                          const CompanyInput& input) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<Company> {
    SYN_ASSIGN_OR_RETURN(auto found, store::FindCompany(tx, who.org_id, id));
    if (!found) return NotFound("company not found");
    Company c = std::move(*found);
    const Company before = c;
    SYN_RETURN_IF_ERROR(ApplyCompanyInput(input, c));
    SYN_RETURN_IF_ERROR(DomainFree(tx, c));
    c.updated_at = Now();
    SYN_RETURN_IF_ERROR(store::UpdateCompany(tx, c));
    if (c.name != before.name) {
      SYN_RETURN_IF_ERROR(store::RefreshCompanySearch(tx, who.org_id, id));
    }
    ChangeSet changes;
    changes.Str("name", before.name, c.name);
    changes.OptStr("domain", before.domain, c.domain);
    changes.Str("industry", before.industry, c.industry);
    changes.Str("size", before.size, c.size);
    changes.Str("website", before.website, c.website);
    if (changes.empty()) return c;
    PayloadBuilder payload;
    payload.Str("company_id", c.id.str());
    changes.AddTo(payload);
    SYN_RETURN_IF_ERROR(Emit(tx, who, "company.updated", "company", c.id.str(), payload.Build()));
    return c;
  });
}

Result<void> CrmService::DeleteCompany(const Principal& who, const CompanyId& id) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    SYN_ASSIGN_OR_RETURN(bool deleted, store::DeleteCompany(tx, who.org_id, id));
    if (!deleted) return NotFound("company not found");
    return Emit(tx, who, "company.deleted", "company", id.str(),
                PayloadBuilder().Str("company_id", id.str()).Build());
  });
}

Result<CustomField> CrmService::CreateCustomField(const Principal& who,
                                                  const CustomFieldInput& input) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kAdmin));
  std::vector<FieldError> errors;
  if (auto p = FieldKeyProblem(input.key)) errors.push_back({"key", *p});
  std::string label(TrimAscii(input.label));
  if (label.empty() || label.size() > kMaxNameBytes)
    errors.push_back({"label", "must be 1..200 characters"});
  if (input.type == FieldType::kSelect && input.options.empty())
    errors.push_back({"options", "a select field needs options"});
  for (size_t i = 0; i < input.options.size(); ++i) {
    const auto& o = input.options[i];
    if (o.empty() || o.size() > kMaxNameBytes || o.find('\n') != std::string::npos)
      errors.push_back({"options." + std::to_string(i), "must be 1..200 characters, one line"});
  }
  if (!errors.empty()) return InvalidArgument("invalid custom field", std::move(errors));
  CustomField f{CustomFieldId(NewId()), who.org_id, input.key, label, input.type,
                input.type == FieldType::kSelect ? input.options : std::vector<std::string>{},
                Now()};
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<CustomField> {
    SYN_ASSIGN_OR_RETURN(auto existing, store::ListCustomFields(tx, who.org_id));
    for (const auto& e : existing) {
      if (e.key == f.key) {
        Error err = Conflict("a custom field with this key already exists");
        err.existing_id = e.id.str();
        return err;
      }
    }
    SYN_RETURN_IF_ERROR(store::InsertCustomField(tx, f));
    return f;
  });
}

Result<std::vector<CustomField>> CrmService::ListCustomFields(const Principal& who) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kRead,
                  [&](db::Tx& tx) { return store::ListCustomFields(tx, who.org_id); });
}

Result<void> CrmService::DeleteCustomField(const Principal& who, const CustomFieldId& id) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kAdmin));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    SYN_ASSIGN_OR_RETURN(bool deleted, store::DeleteCustomField(tx, who.org_id, id));
    if (!deleted) return NotFound("custom field not found");
    return Ok();
  });
}

Result<void> CrmService::CheckLink(db::Tx& tx, const OrgId& org, const RecordLink& link,
                                   std::vector<FieldError>& errors) {
  if (link.contact_id) {
    SYN_ASSIGN_OR_RETURN(bool ok, store::ContactExists(tx, org, *link.contact_id));
    if (!ok) errors.push_back({"contact_id", "no such contact"});
  }
  if (link.company_id) {
    SYN_ASSIGN_OR_RETURN(auto c, store::FindCompany(tx, org, *link.company_id));
    if (!c) errors.push_back({"company_id", "no such company"});
  }
  if (link.deal_id) {
    SYN_ASSIGN_OR_RETURN(auto d, store::FindDeal(tx, org, *link.deal_id));
    if (!d) errors.push_back({"deal_id", "no such deal"});
  }
  return Ok();
}

Result<Page<Activity>> CrmService::ListActivities(const Principal& who, const RecordLink& link,
                                                  const PageRequest& page) {
  if (LinkCount(link) != 1) return Internal("ListActivities needs exactly one record");
  return db::InTx(db_, ScopeOf(who), db::TxMode::kRead, [&](db::Tx& tx) -> Result<Page<Activity>> {
    std::vector<FieldError> missing;
    SYN_RETURN_IF_ERROR(CheckLink(tx, who.org_id, link, missing));
    if (!missing.empty()) return NotFound("record not found");
    return store::ListActivities(tx, who.org_id, link, page);
  });
}

Result<Activity> CrmService::CreateActivity(const Principal& who, const ActivityInput& input) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  std::vector<FieldError> errors;
  if (input.kind == ActivityKind::kStageChange)
    errors.push_back({"kind", "must be note, call or email"});
  if (input.body.empty() || input.body.size() > kMaxNoteBytes)
    errors.push_back({"body", "must be 1..65536 bytes"});
  if (!errors.empty()) return InvalidArgument("invalid activity", std::move(errors));
  if (LinkCount(input.link) != 1) return Internal("CreateActivity needs exactly one record");
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<Activity> {
    std::vector<FieldError> missing;
    SYN_RETURN_IF_ERROR(CheckLink(tx, who.org_id, input.link, missing));
    if (!missing.empty()) return NotFound("record not found");
    Activity a;
    a.id = ActivityId(NewId());
    a.org_id = who.org_id;
    a.kind = input.kind;
    a.body = input.body;
    a.link = input.link;
    if (a.link.deal_id) {
      SYN_ASSIGN_OR_RETURN(auto deal, store::FindDeal(tx, who.org_id, *a.link.deal_id));
      if (deal) {
        a.link.contact_id = deal->contact_id;
        a.link.company_id = deal->company_id;
      }
    }
    if (!who.user_id.empty()) a.created_by = who.user_id;
    a.occurred_at = input.occurred_at.value_or(Now());
    SYN_RETURN_IF_ERROR(store::InsertActivity(tx, a));
    return a;
  });
}

Result<Task> CrmService::CreateTask(const Principal& who, const TaskInput& input) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<Task> {
    Task t;
    t.id = TaskId(NewId());
    t.org_id = who.org_id;
    t.created_at = t.updated_at = Now();
    if (!who.user_id.empty()) t.created_by = who.user_id;
    if (!input.title) return InvalidArgument("invalid task", {{"title", "is required"}});
    SYN_ASSIGN_OR_RETURN(Task saved, [&]() -> Result<Task> {
      TaskInput in = input;
      std::vector<FieldError> errors;
      t.title = std::string(TrimAscii(*in.title));
      if (t.title.empty() || t.title.size() > kMaxNameBytes)
        errors.push_back({"title", "must be 1..200 characters"});
      if (in.due_at) t.due_at = *in.due_at;
      if (in.assignee_id) t.assignee_id = *in.assignee_id;
      if (t.assignee_id) {
        SYN_ASSIGN_OR_RETURN(bool member, store::IsMember(tx, who.org_id, *t.assignee_id));
        if (!member) errors.push_back({"assignee_id", "is not a member of the organization"});
      }
      if (in.link) {
        if (LinkCount(*in.link) > 1)
          errors.push_back({"contact_id", "give at most one of contact_id, company_id, deal_id"});
        t.link = *in.link;
        SYN_RETURN_IF_ERROR(CheckLink(tx, who.org_id, t.link, errors));
      }
      if (in.done && *in.done) {
        t.done = true;
        t.done_at = Now();
      }
      if (!errors.empty()) return InvalidArgument("invalid task", std::move(errors));
      return t;
    }());
    SYN_RETURN_IF_ERROR(store::InsertTask(tx, saved));
    SYN_RETURN_IF_ERROR(Emit(tx, who, "task.created", "task", saved.id.str(),
                             PayloadBuilder().Str("task_id", saved.id.str()).Build()));
    return saved;
  });
}

Result<Task> CrmService::GetTask(const Principal& who, const TaskId& id) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kRead, [&](db::Tx& tx) -> Result<Task> {
    SYN_ASSIGN_OR_RETURN(auto t, store::FindTask(tx, who.org_id, id));
    if (!t) return NotFound("task not found");
    return std::move(*t);
  });
}

Result<Page<Task>> CrmService::ListTasks(const Principal& who, const TaskFilter& filter,
                                         const PageRequest& page) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kRead,
                  [&](db::Tx& tx) { return store::ListTasks(tx, who.org_id, filter, page); });
}

Result<Task> CrmService::UpdateTask(const Principal& who, const TaskId& id,
                                    const TaskInput& in) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<Task> {
    SYN_ASSIGN_OR_RETURN(auto found, store::FindTask(tx, who.org_id, id));
    if (!found) return NotFound("task not found");
    Task t = std::move(*found);
    const std::optional<Timestamp> old_due = t.due_at;
    std::vector<FieldError> errors;
    if (in.title) {
      t.title = std::string(TrimAscii(*in.title));
      if (t.title.empty() || t.title.size() > kMaxNameBytes)
        errors.push_back({"title", "must be 1..200 characters"});
    }
    if (in.due_at) t.due_at = *in.due_at;
    if (in.assignee_id) {
      t.assignee_id = *in.assignee_id;
      if (t.assignee_id) {
        SYN_ASSIGN_OR_RETURN(bool member, store::IsMember(tx, who.org_id, *t.assignee_id));
        if (!member) errors.push_back({"assignee_id", "is not a member of the organization"});
      }
    }
    if (in.link) {
      if (LinkCount(*in.link) > 1)
        errors.push_back({"contact_id", "give at most one of contact_id, company_id, deal_id"});
      t.link = *in.link;
      SYN_RETURN_IF_ERROR(CheckLink(tx, who.org_id, t.link, errors));
    }
    if (in.done && *in.done != t.done) {
      t.done = *in.done;
      t.done_at = t.done ? std::optional<Timestamp>(Now()) : std::nullopt;
    }
    if (!errors.empty()) return InvalidArgument("invalid task", std::move(errors));
    t.updated_at = Now();
    SYN_RETURN_IF_ERROR(store::UpdateTask(tx, t));
    if (t.due_at != old_due) SYN_RETURN_IF_ERROR(store::ResetTaskDue(tx, who.org_id, t.id));
    SYN_RETURN_IF_ERROR(Emit(tx, who, "task.updated", "task", t.id.str(),
                             PayloadBuilder().Str("task_id", t.id.str()).Build()));
    return t;
  });
}

Result<void> CrmService::DeleteTask(const Principal& who, const TaskId& id) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    SYN_ASSIGN_OR_RETURN(bool deleted, store::DeleteTask(tx, who.org_id, id));
    if (!deleted) return NotFound("task not found");
    return Emit(tx, who, "task.deleted", "task", id.str(),
                PayloadBuilder().Str("task_id", id.str()).Build());
  });
}

}  // namespace syntera::crm
