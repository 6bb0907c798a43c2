// CrmService: contacts, dedupe, merge and bulk operations.

#include <algorithm>
#include <set>

#include "crm/contact_store.h"
#include "crm/crm_service.h"
#include "crm/crm_validation.h"
#include "crm/record_store.h"

namespace syntera::crm {
namespace {

std::string Trimmed(const std::string& s) { return std::string(TrimAscii(s)); }

void CheckText(const char* field, const std::string& value, size_t max,
               std::vector<FieldError>& errors) {
  if (value.size() > max) errors.push_back({field, "is too long"});
}

// Normalises a list of emails; records problems as "<field>.<i>".
std::vector<std::string> Emails(const std::string& field, const std::vector<std::string>& in,
                                std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  if (in.size() > kMaxEmails) errors.push_back({field, "has too many entries"});
  for (size_t i = 0; i < in.size(); ++i) {
    std::string e = NormalizeEmail(in[i]);
    if (auto p = EmailProblem(e)) {
      errors.push_back({in.size() == 1 && field == "email" ? field : field + "." + std::to_string(i), *p});
    } else if (std::find(out.begin(), out.end(), e) == out.end()) {
      out.push_back(e);
    }
  }
  return out;
}

std::vector<std::string> Phones(const std::string& field, const std::vector<std::string>& in,
                                std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  if (in.size() > kMaxPhones) errors.push_back({field, "has too many entries"});
  for (size_t i = 0; i < in.size(); ++i) {
    auto p = NormalizePhone(in[i]);
    if (!p) {
      errors.push_back({in.size() == 1 && field == "phone" ? field : field + "." + std::to_string(i),
                        "must be a phone number (E.164 like +14155550100, or national digits)"});
    } else if (std::find(out.begin(), out.end(), *p) == out.end()) {
      out.push_back(*p);
    }
  }
  return out;
}

// `primary` first, then the others of `list` without it.
std::vector<std::string> WithPrimary(const std::string& primary, std::vector<std::string> list) {
  list.erase(std::remove(list.begin(), list.end(), primary), list.end());
  list.insert(list.begin(), primary);
  return list;
}

std::vector<std::string> Tags(const std::vector<std::string>& in, std::vector<FieldError>& errors) {
  std::set<std::string> out;
  if (in.size() > kMaxTags) errors.push_back({"tags", "has too many entries"});
  for (size_t i = 0; i < in.size(); ++i) {
    auto t = NormalizeTag(in[i]);
    if (!t) {
      errors.push_back({"tags." + std::to_string(i), "must be 1..64 characters without commas"});
    } else {
      out.insert(*t);
    }
  }
  return {out.begin(), out.end()};
}

std::optional<std::string> OptIdText(const auto& id) {
  if (!id) return std::nullopt;
  return id->str();
}

std::optional<std::string> OptTime(const std::optional<Timestamp>& t) {
  if (!t) return std::nullopt;
  return FormatRfc3339(*t);
}

bool SameCustom(const std::vector<CustomValue>& a, const std::vector<CustomValue>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [](const CustomValue& x, const CustomValue& y) {
                      return x.key == y.key && x.value == y.value;
                    });
}

// What an update changed. Names, emails, phones, job title and custom values are personal
// data: named in `changed`, their values stay out of the event (src/events/EVENTS.md).
ChangeSet ContactChanges(const Contact& from, const Contact& to) {
  ChangeSet c;
  c.NameOnly("first_name", from.first_name != to.first_name);
  c.NameOnly("last_name", from.last_name != to.last_name);
  c.NameOnly("job_title", from.job_title != to.job_title);
  c.NameOnly("emails", from.emails != to.emails);
  c.NameOnly("phones", from.phones != to.phones);
  c.NameOnly("custom_fields", !SameCustom(from.custom, to.custom));
  c.List("tags", from.tags, to.tags);
  c.Str("lifecycle", std::string(LifecycleName(from.lifecycle)),
        std::string(LifecycleName(to.lifecycle)));
  c.Str("source", std::string(SourceName(from.source)), std::string(SourceName(to.source)));
  c.OptStr("company_id", OptIdText(from.company_id), OptIdText(to.company_id));
  c.OptStr("owner_id", OptIdText(from.owner_id), OptIdText(to.owner_id));
  c.Bool("marketing_consent", from.marketing.granted, to.marketing.granted);
  c.Bool("data_processing_consent", from.data_processing.granted, to.data_processing.granted);
  c.OptStr("last_seen_at", OptTime(from.last_seen_at), OptTime(to.last_seen_at));
  c.OptStr("last_contacted_at", OptTime(from.last_contacted_at), OptTime(to.last_contacted_at));
  return c;
}

void Append(std::vector<std::string>& into, const std::vector<std::string>& from) {
  for (const auto& v : from) {
    if (std::find(into.begin(), into.end(), v) == into.end()) into.push_back(v);
  }
}

}  // namespace

Result<void> CrmService::ApplyContactInput(db::Tx& tx, const ContactInput& in, Contact& c,
                                           const std::vector<CustomField>* cached_defs) {
  std::vector<FieldError> errors;
  if (in.first_name) {
    c.first_name = Trimmed(*in.first_name);
    CheckText("first_name", c.first_name, kMaxNameBytes, errors);
  }
  if (in.last_name) {
    c.last_name = Trimmed(*in.last_name);
    CheckText("last_name", c.last_name, kMaxNameBytes, errors);
  }
  if (in.job_title) {
    c.job_title = Trimmed(*in.job_title);
    CheckText("job_title", c.job_title, kMaxNameBytes, errors);
  }
  if (in.emails) {
    c.emails = Emails("emails", *in.emails, errors);
  }
  if (in.email) {
    auto one = Emails("email", {*in.email}, errors);
    if (!one.empty()) c.emails = WithPrimary(one[0], c.emails);
  }
  if (in.phones) {
    c.phones = Phones("phones", *in.phones, errors);
  }
  if (in.phone) {
    auto one = Phones("phone", {*in.phone}, errors);
    if (!one.empty()) c.phones = WithPrimary(one[0], c.phones);
  }
  if (in.tags) {
    c.tags = Tags(*in.tags, errors);
  }
  if (in.lifecycle) {
    c.lifecycle = *in.lifecycle;
  }
  if (in.source) {
    c.source = *in.source;
  }
  if (in.company_id) {
    c.company_id = *in.company_id;
    if (c.company_id) {
      SYN_ASSIGN_OR_RETURN(auto company, store::FindCompany(tx, c.org_id, *c.company_id));
      if (!company) errors.push_back({"company_id", "no such company"});
    }
  }
  if (in.owner_id) {
    c.owner_id = *in.owner_id;
    if (c.owner_id) {
      SYN_ASSIGN_OR_RETURN(bool member, store::IsMember(tx, c.org_id, *c.owner_id));
      if (!member) errors.push_back({"owner_id", "is not a member of the organization"});
    }
  }
  if (in.marketing_consent && *in.marketing_consent != c.marketing.granted) {
    c.marketing = {*in.marketing_consent, Now()};
  }
  if (in.data_processing_consent && *in.data_processing_consent != c.data_processing.granted) {
    c.data_processing = {*in.data_processing_consent, Now()};
  }
  if (in.last_seen_at) {
    c.last_seen_at = *in.last_seen_at;
  }
  if (in.last_contacted_at) {
    c.last_contacted_at = *in.last_contacted_at;
  }
  if (!in.custom.empty()) {
    std::vector<CustomField> loaded;
    if (!cached_defs) {
      SYN_ASSIGN_OR_RETURN(loaded, store::ListCustomFields(tx, c.org_id));
    }
    const std::vector<CustomField>& defs = cached_defs ? *cached_defs : loaded;
    for (const auto& [key, value] : in.custom) {
      std::string field = "custom_fields." + key;
      auto def = std::find_if(defs.begin(), defs.end(),
                              [&](const CustomField& d) { return d.key == key; });
      if (def == defs.end()) {
        errors.push_back({field, "is not a custom field of this organization"});
        continue;
      }
      std::erase_if(c.custom, [&](const CustomValue& v) { return v.key == key; });
      if (value.kind == CustomValueInput::Kind::kNull) continue;
      CustomCheck check = CheckCustomValue(*def, value);
      if (check.problem) {
        errors.push_back({field, *check.problem});
      } else {
        c.custom.push_back(CustomValue{key, def->type, *check.value});
      }
    }
    std::sort(c.custom.begin(), c.custom.end(),
              [](const CustomValue& a, const CustomValue& b) { return a.key < b.key; });
  }
  if (c.first_name.empty() && c.last_name.empty() && c.emails.empty() && c.phones.empty() &&
      errors.empty()) {
    errors.push_back({"first_name", "a contact needs a name, an email or a phone"});
  }
  if (!errors.empty()) return InvalidArgument("invalid contact", std::move(errors));
  c.updated_at = Now();
  return Ok();
}

Result<Contact> CrmService::SaveNewContact(db::Tx& tx, const Principal& who,
                                           const ContactInput& input, OnDuplicate on_duplicate,
                                           const std::vector<CustomField>* defs) {
  Contact c;
  c.id = ContactId(NewId());
  c.org_id = who.org_id;
  c.created_at = Now();
  SYN_RETURN_IF_ERROR(ApplyContactInput(tx, input, c, defs));
  SYN_ASSIGN_OR_RETURN(auto dup, store::FindDuplicate(tx, c.org_id, c.emails, c.phones, c.id));
  if (dup) {
    if (on_duplicate == OnDuplicate::kUpdateExisting) {
      SYN_ASSIGN_OR_RETURN(auto existing, store::FindContact(tx, who.org_id, *dup));
      if (existing) return SaveContactChanges(tx, who, std::move(*existing), input, defs);
    }
    Error e = Conflict("a contact with this email or phone already exists");
    e.existing_id = dup->str();
    return e;
  }
  SYN_RETURN_IF_ERROR(store::InsertContact(tx, c));
  std::string name = c.first_name + (c.first_name.empty() || c.last_name.empty() ? "" : " ") +
                     c.last_name;
  std::optional<std::string> email;
  if (!c.emails.empty()) email = c.emails.front();
  SYN_RETURN_IF_ERROR(Emit(tx, who, "contact.created", "contact", c.id.str(),
                           PayloadBuilder()
                               .Str("contact_id", c.id.str())
                               .Str("name", name)
                               .OptStr("email", email)
                               .Str("source", SourceName(c.source))
                               .Build()));
  return c;
}

Result<Contact> CrmService::SaveContactChanges(db::Tx& tx, const Principal& who, Contact c,
                                               const ContactInput& input,
                                               const std::vector<CustomField>* defs) {
  const Contact before = c;
  SYN_RETURN_IF_ERROR(ApplyContactInput(tx, input, c, defs));
  SYN_ASSIGN_OR_RETURN(auto dup, store::FindDuplicate(tx, c.org_id, c.emails, c.phones, c.id));
  if (dup) {
    Error e = Conflict("another contact has this email or phone");
    e.existing_id = dup->str();
    return e;
  }
  SYN_RETURN_IF_ERROR(store::UpdateContact(tx, c));
  ChangeSet changes = ContactChanges(before, c);
  if (changes.empty()) return c;
  PayloadBuilder payload;
  payload.Str("contact_id", c.id.str());
  changes.AddTo(payload);
  SYN_RETURN_IF_ERROR(Emit(tx, who, "contact.updated", "contact", c.id.str(), payload.Build()));
  return c;
}

Result<Contact> CrmService::CreateContact(const Principal& who, const ContactInput& input,
                                          OnDuplicate on_duplicate) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) {
    return SaveNewContact(tx, who, input, on_duplicate);
  });
}

Result<Contact> CrmService::GetContact(const Principal& who, const ContactId& id) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kRead, [&](db::Tx& tx) -> Result<Contact> {
    SYN_ASSIGN_OR_RETURN(auto c, store::FindContact(tx, who.org_id, id));
    if (!c) return NotFound("contact not found");
    return std::move(*c);
  });
}

Result<Page<Contact>> CrmService::ListContacts(const Principal& who, const ContactFilter& filter,
                                               const PageRequest& page) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kRead, [&](db::Tx& tx) -> Result<Page<Contact>> {
    if (filter.custom.empty()) return store::ListContacts(tx, who.org_id, filter, page);
    SYN_ASSIGN_OR_RETURN(std::vector<CustomField> defs, store::ListCustomFields(tx, who.org_id));
    ContactFilter checked = filter;
    SYN_RETURN_IF_ERROR(CheckCustomFilters(defs, checked.custom));
    return store::ListContacts(tx, who.org_id, checked, page);
  });
}

Result<Contact> CrmService::UpdateContact(const Principal& who, const ContactId& id,
                                          const ContactInput& input) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<Contact> {
    SYN_ASSIGN_OR_RETURN(auto c, store::FindContact(tx, who.org_id, id));
    if (!c) return NotFound("contact not found");
    return SaveContactChanges(tx, who, std::move(*c), input);
  });
}

Result<void> CrmService::DeleteContact(const Principal& who, const ContactId& id) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    SYN_ASSIGN_OR_RETURN(bool deleted, store::DeleteContact(tx, who.org_id, id));
    if (!deleted) return NotFound("contact not found");
    return Emit(tx, who, "contact.deleted", "contact", id.str(),
                PayloadBuilder().Str("contact_id", id.str()).Build());
  });
}

Result<Contact> CrmService::MergeContacts(const Principal& who, const ContactId& keep_id,
                                          const ContactId& other_id) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  if (keep_id == other_id) {
    return InvalidArgument("cannot merge a contact into itself",
                           {{"contact_id", "must be another contact"}});
  }
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<Contact> {
    SYN_ASSIGN_OR_RETURN(auto keep, store::FindContact(tx, who.org_id, keep_id));
    SYN_ASSIGN_OR_RETURN(auto other, store::FindContact(tx, who.org_id, other_id));
    if (!keep || !other) return NotFound("contact not found");
    Contact merged = *keep;
    if (merged.first_name.empty()) merged.first_name = other->first_name;
    if (merged.last_name.empty()) merged.last_name = other->last_name;
    if (merged.job_title.empty()) merged.job_title = other->job_title;
    if (!merged.company_id) merged.company_id = other->company_id;
    if (!merged.owner_id) merged.owner_id = other->owner_id;
    Append(merged.emails, other->emails);
    Append(merged.phones, other->phones);
    std::set<std::string> tags(merged.tags.begin(), merged.tags.end());
    tags.insert(other->tags.begin(), other->tags.end());
    merged.tags.assign(tags.begin(), tags.end());
    for (const auto& v : other->custom) {
      bool present = std::any_of(merged.custom.begin(), merged.custom.end(),
                                 [&](const CustomValue& m) { return m.key == v.key; });
      if (!present) merged.custom.push_back(v);
    }
    merged.updated_at = Now();
    // Move the records first, then free the other's emails and phones before claiming them.
    SYN_RETURN_IF_ERROR(store::MoveContactRecords(tx, who.org_id, other_id, keep_id));
    SYN_ASSIGN_OR_RETURN(bool deleted, store::DeleteContact(tx, who.org_id, other_id));
    if (!deleted) return NotFound("contact not found");
    SYN_RETURN_IF_ERROR(store::UpdateContact(tx, merged));
    SYN_RETURN_IF_ERROR(Emit(tx, who, "contact.merged", "contact", keep_id.str(),
                             PayloadBuilder()
                                 .Str("contact_id", keep_id.str())
                                 .Str("merged_contact_id", other_id.str())
                                 .Build()));
    SYN_RETURN_IF_ERROR(Emit(tx, who, "contact.deleted", "contact", other_id.str(),
                             PayloadBuilder()
                                 .Str("contact_id", other_id.str())
                                 .Str("merged_into", keep_id.str())
                                 .Build()));
    return merged;
  });
}

Result<BulkResult> CrmService::BulkContacts(const Principal& who, const BulkRequest& req) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  std::vector<FieldError> errors;
  if (req.ids.empty() || req.ids.size() > 500) errors.push_back({"ids", "must hold 1..500 ids"});
  std::vector<std::string> tags = Tags(req.tags, errors);
  if ((req.action == BulkAction::kTag || req.action == BulkAction::kUntag) && tags.empty())
    errors.push_back({"tags", "is required for tag and untag"});
  if (!errors.empty()) return InvalidArgument("invalid bulk request", std::move(errors));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<BulkResult> {
    if (req.action == BulkAction::kAssign && req.owner_id) {
      SYN_ASSIGN_OR_RETURN(bool member, store::IsMember(tx, who.org_id, *req.owner_id));
      if (!member) {
        return InvalidArgument("invalid bulk request",
                               {{"owner_id", "is not a member of the organization"}});
      }
    }
    BulkResult result;
    std::set<std::string> seen;
    for (const ContactId& id : req.ids) {
      if (!seen.insert(id.str()).second) continue;
      SYN_ASSIGN_OR_RETURN(auto c, store::FindContact(tx, who.org_id, id));
      if (!c) continue;
      ++result.affected;
      if (req.action == BulkAction::kDelete) {
        SYN_RETURN_IF_ERROR(store::DeleteContact(tx, who.org_id, id));
        SYN_RETURN_IF_ERROR(Emit(tx, who, "contact.deleted", "contact", id.str(),
                                 PayloadBuilder().Str("contact_id", id.str()).Build()));
        continue;
      }
      ContactInput patch;
      std::vector<std::string> next = c->tags;
      if (req.action == BulkAction::kTag) {
        Append(next, tags);
        patch.tags = next;
      } else if (req.action == BulkAction::kUntag) {
        std::erase_if(next, [&](const std::string& t) {
          return std::find(tags.begin(), tags.end(), t) != tags.end();
        });
        patch.tags = next;
      } else {
        patch.owner_id = req.owner_id;
      }
      SYN_RETURN_IF_ERROR(SaveContactChanges(tx, who, std::move(*c), patch));
    }
    return result;
  });
}

}  // namespace syntera::crm

namespace syntera::crm {
namespace {

std::string ReasonOf(const Error& e) {
  if (e.fields.empty()) return e.message;
  std::string out;
  for (const auto& f : e.fields) {
    if (!out.empty()) out += "; ";
    out += f.field + ": " + f.message;
  }
  return out;
}

}  // namespace

Result<std::vector<ImportOutcome>> CrmService::ImportContactBatch(
    const Principal& who, const std::vector<ContactInput>& rows, OnDuplicate on_duplicate,
    const std::function<Result<void>(db::Tx&, const std::vector<ImportOutcome>&)>& within_tx) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  using Kind = ImportOutcome::Kind;
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite,
                  [&](db::Tx& tx) -> Result<std::vector<ImportOutcome>> {
    std::vector<ImportOutcome> out;
    out.reserve(rows.size());
    SYN_ASSIGN_OR_RETURN(std::vector<CustomField> defs, store::ListCustomFields(tx, who.org_id));
    for (const ContactInput& input : rows) {
      // Validation and the duplicate check run before any write of the row, so a refused
      // row leaves nothing behind and the transaction stays usable on both engines.
      auto created = SaveNewContact(tx, who, input, OnDuplicate::kConflict, &defs);
      if (created.ok()) {
        out.push_back({Kind::kImported, {}});
        continue;
      }
      const Error& e = created.error();
      if (e.code == ErrorCode::kInvalidArgument) {
        out.push_back({Kind::kFailed, ReasonOf(e)});
      } else if (e.code == ErrorCode::kConflict && e.existing_id) {
        if (on_duplicate != OnDuplicate::kUpdateExisting) {
          out.push_back({Kind::kSkipped, "duplicate of contact " + *e.existing_id});
          continue;
        }
        SYN_ASSIGN_OR_RETURN(auto existing,
                             store::FindContact(tx, who.org_id, ContactId(*e.existing_id)));
        if (!existing) return e;
        auto updated = SaveContactChanges(tx, who, std::move(*existing), input, &defs);
        if (updated.ok()) {
          out.push_back({Kind::kUpdated, {}});
        } else if (updated.error().code == ErrorCode::kInvalidArgument ||
                   updated.error().code == ErrorCode::kConflict) {
          out.push_back({Kind::kFailed, ReasonOf(updated.error()) +
                                            (updated.error().existing_id
                                                 ? " (" + *updated.error().existing_id + ")"
                                                 : "")});
        } else {
          return updated.error();
        }
      } else {
        return e;
      }
    }
    if (within_tx) SYN_RETURN_IF_ERROR(within_tx(tx, out));
    return out;
  });
}

}  // namespace syntera::crm
