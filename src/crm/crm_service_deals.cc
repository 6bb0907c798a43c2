// CrmService: pipelines, the board and deals.

#include <algorithm>
#include <set>

#include "crm/contact_store.h"
#include "crm/crm_service.h"
#include "crm/crm_validation.h"
#include "crm/deal_store.h"
#include "crm/record_store.h"

namespace syntera::crm {
namespace {

struct DefaultStage {
  const char* name;
  int probability;
  StageKind kind;
};
constexpr DefaultStage kDefaultStages[] = {
    {"lead", 10, StageKind::kOpen},        {"qualified", 25, StageKind::kOpen},
    {"proposal", 50, StageKind::kOpen},    {"negotiation", 75, StageKind::kOpen},
    {"closed-won", 100, StageKind::kWon},  {"closed-lost", 0, StageKind::kLost},
};

const Stage* StageIn(const Pipeline& p, const StageId& id) {
  for (const Stage& s : p.stages) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

void CheckStages(const std::vector<StageInput>& stages, std::vector<FieldError>& errors) {
  if (stages.empty() || stages.size() > 30) errors.push_back({"stages", "must hold 1..30 stages"});
  for (size_t i = 0; i < stages.size(); ++i) {
    std::string f = "stages." + std::to_string(i);
    std::string_view name = TrimAscii(stages[i].name);
    if (name.empty() || name.size() > kMaxNameBytes)
      errors.push_back({f + ".name", "must be 1..200 characters"});
    if (stages[i].probability < 0 || stages[i].probability > 100)
      errors.push_back({f + ".probability", "must be 0..100"});
  }
}

}  // namespace

Result<PipelineId> CrmService::EnsureDefaultPipeline(db::Tx& tx, const OrgId& org) {
  SYN_ASSIGN_OR_RETURN(auto existing, store::DefaultPipelineId(tx, org));
  if (existing) return *existing;
  Pipeline p;
  p.id = PipelineId(NewId());
  p.org_id = org;
  p.name = "Sales";
  p.is_default = true;
  p.created_at = Now();
  int position = 0;
  for (const auto& s : kDefaultStages) {
    p.stages.push_back(Stage{StageId(NewId()), p.id, s.name, s.probability, position++, s.kind});
  }
  SYN_ASSIGN_OR_RETURN(bool inserted, store::InsertPipeline(tx, p));
  if (inserted) return p.id;
  SYN_ASSIGN_OR_RETURN(auto raced, store::DefaultPipelineId(tx, org));
  if (!raced) return Internal("default pipeline vanished");
  return *raced;
}

Result<std::vector<Pipeline>> CrmService::ListPipelines(const Principal& who) {
  SYN_ASSIGN_OR_RETURN(auto pipelines,
                       db::InTx(db_, ScopeOf(who), db::TxMode::kRead,
                                [&](db::Tx& tx) { return store::ListPipelines(tx, who.org_id); }));
  bool has_default = std::any_of(pipelines.begin(), pipelines.end(),
                                 [](const Pipeline& p) { return p.is_default; });
  if (has_default) return pipelines;
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite,
                  [&](db::Tx& tx) -> Result<std::vector<Pipeline>> {
                    SYN_RETURN_IF_ERROR(EnsureDefaultPipeline(tx, who.org_id));
                    return store::ListPipelines(tx, who.org_id);
                  });
}

Result<Pipeline> CrmService::GetPipeline(const Principal& who, const PipelineId& id) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kRead, [&](db::Tx& tx) -> Result<Pipeline> {
    SYN_ASSIGN_OR_RETURN(auto p, store::FindPipeline(tx, who.org_id, id));
    if (!p) return NotFound("pipeline not found");
    return std::move(*p);
  });
}

Result<Pipeline> CrmService::CreatePipeline(const Principal& who, const PipelineInput& input) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kAdmin));
  std::vector<FieldError> errors;
  std::string name = std::string(TrimAscii(input.name.value_or("")));
  if (name.empty() || name.size() > kMaxNameBytes)
    errors.push_back({"name", "must be 1..200 characters"});
  if (!input.stages) errors.push_back({"stages", "is required"});
  else CheckStages(*input.stages, errors);
  if (!errors.empty()) return InvalidArgument("invalid pipeline", std::move(errors));
  Pipeline p;
  p.id = PipelineId(NewId());
  p.org_id = who.org_id;
  p.name = name;
  p.created_at = Now();
  int position = 0;
  for (const auto& s : *input.stages) {
    p.stages.push_back(Stage{StageId(NewId()), p.id, std::string(TrimAscii(s.name)),
                             s.probability, position++, s.kind});
  }
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<Pipeline> {
    SYN_RETURN_IF_ERROR(store::InsertPipeline(tx, p));
    return p;
  });
}

Result<Pipeline> CrmService::UpdatePipeline(const Principal& who, const PipelineId& id,
                                            const PipelineInput& input) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kAdmin));
  std::vector<FieldError> errors;
  std::string name;
  if (input.name) {
    name = std::string(TrimAscii(*input.name));
    if (name.empty() || name.size() > kMaxNameBytes)
      errors.push_back({"name", "must be 1..200 characters"});
  }
  if (input.stages) CheckStages(*input.stages, errors);
  if (!errors.empty()) return InvalidArgument("invalid pipeline", std::move(errors));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<Pipeline> {
    SYN_ASSIGN_OR_RETURN(auto p, store::FindPipeline(tx, who.org_id, id));
    if (!p) return NotFound("pipeline not found");
    if (input.name) SYN_RETURN_IF_ERROR(store::RenamePipeline(tx, who.org_id, id, name));
    if (input.stages) {
      std::set<std::string> kept;
      std::vector<FieldError> bad;
      int position = 0;
      for (size_t i = 0; i < input.stages->size(); ++i) {
        const StageInput& s = (*input.stages)[i];
        StageId sid = s.id.value_or(StageId(NewId()));
        if (s.id && !StageIn(*p, *s.id)) {
          bad.push_back({"stages." + std::to_string(i) + ".id", "is not a stage of this pipeline"});
          continue;
        }
        kept.insert(sid.str());
        SYN_RETURN_IF_ERROR(store::UpsertStage(
            tx, who.org_id,
            Stage{sid, id, std::string(TrimAscii(s.name)), s.probability, position++, s.kind}));
      }
      if (!bad.empty()) return InvalidArgument("invalid pipeline", std::move(bad));
      for (const Stage& old : p->stages) {
        if (kept.count(old.id.str())) continue;
        SYN_ASSIGN_OR_RETURN(int64_t deals, store::CountDealsInStage(tx, who.org_id, old.id));
        if (deals > 0) return FailedPrecondition("stage \"" + old.name + "\" still has deals");
        SYN_RETURN_IF_ERROR(store::DeleteStage(tx, who.org_id, old.id));
      }
    }
    SYN_ASSIGN_OR_RETURN(auto updated, store::FindPipeline(tx, who.org_id, id));
    if (!updated) return NotFound("pipeline not found");
    return std::move(*updated);
  });
}

Result<void> CrmService::DeletePipeline(const Principal& who, const PipelineId& id) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kAdmin));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    SYN_ASSIGN_OR_RETURN(auto p, store::FindPipeline(tx, who.org_id, id));
    if (!p) return NotFound("pipeline not found");
    if (p->is_default) return FailedPrecondition("the default pipeline cannot be deleted");
    for (const Stage& s : p->stages) {
      SYN_ASSIGN_OR_RETURN(int64_t deals, store::CountDealsInStage(tx, who.org_id, s.id));
      if (deals > 0) return FailedPrecondition("the pipeline still has deals");
    }
    SYN_RETURN_IF_ERROR(store::DeletePipeline(tx, who.org_id, id));
    return Ok();
  });
}

Result<Board> CrmService::GetBoard(const Principal& who, const PipelineId& id, int per_stage) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kRead, [&](db::Tx& tx) -> Result<Board> {
    SYN_ASSIGN_OR_RETURN(auto p, store::FindPipeline(tx, who.org_id, id));
    if (!p) return NotFound("pipeline not found");
    Board board;
    SYN_ASSIGN_OR_RETURN(board.columns, store::BoardColumns(tx, who.org_id, *p, per_stage));
    board.pipeline = std::move(*p);
    return board;
  });
}

Result<void> CrmService::ApplyDealInput(db::Tx& tx, const Principal& who, const DealInput& in,
                                        Deal& d, std::vector<FieldError>& errors) {
  const OrgId& org = who.org_id;
  if (in.title) {
    d.title = std::string(TrimAscii(*in.title));
    if (d.title.empty() || d.title.size() > kMaxNameBytes)
      errors.push_back({"title", "must be 1..200 characters"});
  }
  if (in.value) {
    d.value = *in.value;
    if (d.value < 0) errors.push_back({"value", "must be at least 0 (minor units)"});
  }
  if (in.currency) {
    d.currency = *in.currency;
    if (!IsIsoCurrency(d.currency)) errors.push_back({"currency", "must be an ISO 4217 code"});
  }
  if (in.expected_close_date) {
    d.expected_close_date = *in.expected_close_date;
    if (d.expected_close_date && !IsIsoDate(*d.expected_close_date))
      errors.push_back({"expected_close_date", "must be a date (YYYY-MM-DD)"});
  }
  if (in.close_reason) {
    d.close_reason = std::string(TrimAscii(*in.close_reason));
    if (d.close_reason.size() > kMaxTextBytes) errors.push_back({"close_reason", "is too long"});
  }
  if (in.position) d.position = *in.position;
  if (in.owner_id) {
    d.owner_id = *in.owner_id;
    if (d.owner_id) {
      SYN_ASSIGN_OR_RETURN(bool member, store::IsMember(tx, org, *d.owner_id));
      if (!member) errors.push_back({"owner_id", "is not a member of the organization"});
    }
  }
  if (in.contact_id) {
    d.contact_id = *in.contact_id;
    if (d.contact_id) {
      SYN_ASSIGN_OR_RETURN(bool exists, store::ContactExists(tx, org, *d.contact_id));
      if (!exists) errors.push_back({"contact_id", "no such contact"});
    }
  }
  if (in.company_id) {
    d.company_id = *in.company_id;
    if (d.company_id) {
      SYN_ASSIGN_OR_RETURN(auto company, store::FindCompany(tx, org, *d.company_id));
      if (!company) errors.push_back({"company_id", "no such company"});
    }
  }
  if (in.probability) {
    d.probability = *in.probability;
    if (d.probability < 0 || d.probability > 100)
      errors.push_back({"probability", "must be 0..100"});
  }
  return Ok();
}

Result<void> CrmService::RecordStageChange(db::Tx& tx, const Principal& who, const Deal& d,
                                           const std::optional<StageId>& from,
                                           const Pipeline& pipeline) {
  StageChange change{from, d.stage_id, who.user_id.empty() ? std::nullopt
                                                           : std::optional<UserId>(who.user_id),
                     Now()};
  SYN_RETURN_IF_ERROR(store::InsertStageChange(tx, who.org_id, NewId(), d.id, change));
  const Stage* to = StageIn(pipeline, d.stage_id);
  const Stage* was = from ? StageIn(pipeline, *from) : nullptr;
  std::string to_name = to ? to->name : d.stage_id.str();
  Activity a;
  a.id = ActivityId(NewId());
  a.org_id = who.org_id;
  a.kind = ActivityKind::kStageChange;
  a.body = was ? "Stage changed from " + was->name + " to " + to_name : "Deal created in " + to_name;
  a.link = {d.contact_id, d.company_id, d.id};
  a.created_by = change.changed_by;
  a.occurred_at = change.changed_at;
  SYN_RETURN_IF_ERROR(store::InsertActivity(tx, a));
  if (!from) return Ok();
  SYN_RETURN_IF_ERROR(Emit(tx, who, "deal.stage_changed", "deal", d.id.str(),
                           PayloadBuilder()
                               .Str("deal_id", d.id.str())
                               .Str("from_stage_id", from->str())
                               .Str("to_stage_id", d.stage_id.str())
                               .Str("from_stage", was ? was->name : from->str())
                               .Str("to_stage", to_name)
                               .Build()));
  if (d.status == DealStatus::kWon || d.status == DealStatus::kLost) {
    SYN_RETURN_IF_ERROR(Emit(tx, who, d.status == DealStatus::kWon ? "deal.won" : "deal.lost",
                             "deal", d.id.str(),
                             PayloadBuilder()
                                 .Str("deal_id", d.id.str())
                                 .Int("value", d.value)
                                 .Str("currency", d.currency)
                                 .Str("reason", d.close_reason)
                                 .Build()));
  }
  return Ok();
}

namespace {

std::optional<std::string> OptIdText(const auto& id) {
  if (!id) return std::nullopt;
  return id->str();
}

ChangeSet DealChanges(const Deal& from, const Deal& to) {
  ChangeSet c;
  c.Str("title", from.title, to.title);
  c.Int("value", from.value, to.value);
  c.Str("currency", from.currency, to.currency);
  c.Str("pipeline_id", from.pipeline_id.str(), to.pipeline_id.str());
  c.Str("stage_id", from.stage_id.str(), to.stage_id.str());
  c.Str("status", std::string(DealStatusName(from.status)), std::string(DealStatusName(to.status)));
  c.Int("probability", from.probability, to.probability);
  c.OptStr("expected_close_date", from.expected_close_date, to.expected_close_date);
  c.OptStr("owner_id", OptIdText(from.owner_id), OptIdText(to.owner_id));
  c.OptStr("contact_id", OptIdText(from.contact_id), OptIdText(to.contact_id));
  c.OptStr("company_id", OptIdText(from.company_id), OptIdText(to.company_id));
  c.Str("close_reason", from.close_reason, to.close_reason);
  c.Int("position", from.position, to.position);
  return c;
}

DealStatus StatusOf(const Stage& s) {
  return s.kind == StageKind::kWon ? DealStatus::kWon
         : s.kind == StageKind::kLost ? DealStatus::kLost
                                      : DealStatus::kOpen;
}
}  // namespace

Result<Deal> CrmService::CreateDeal(const Principal& who, const DealInput& input) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<Deal> {
    std::vector<FieldError> errors;
    Deal d;
    d.id = DealId(NewId());
    d.org_id = who.org_id;
    d.currency = "";
    d.created_at = d.updated_at = Now();
    if (!input.title) errors.push_back({"title", "is required"});
    if (!input.currency) errors.push_back({"currency", "is required"});
    SYN_RETURN_IF_ERROR(ApplyDealInput(tx, who, input, d, errors));
    std::optional<Pipeline> pipeline;
    if (input.pipeline_id) {
      SYN_ASSIGN_OR_RETURN(pipeline, store::FindPipeline(tx, who.org_id, *input.pipeline_id));
      if (!pipeline) errors.push_back({"pipeline_id", "no such pipeline"});
    } else {
      SYN_ASSIGN_OR_RETURN(PipelineId def, EnsureDefaultPipeline(tx, who.org_id));
      SYN_ASSIGN_OR_RETURN(pipeline, store::FindPipeline(tx, who.org_id, def));
    }
    const Stage* stage = nullptr;
    if (pipeline) {
      if (input.stage_id) {
        stage = StageIn(*pipeline, *input.stage_id);
        if (!stage) errors.push_back({"stage", "is not a stage of the pipeline"});
      } else if (!pipeline->stages.empty()) {
        stage = &pipeline->stages.front();
      }
    }
    if (!errors.empty()) return InvalidArgument("invalid deal", std::move(errors));
    if (!stage) return FailedPrecondition("the pipeline has no stages");
    d.pipeline_id = pipeline->id;
    d.stage_id = stage->id;
    d.status = StatusOf(*stage);
    if (!input.probability) d.probability = stage->probability;
    if (!input.position) {
      SYN_ASSIGN_OR_RETURN(d.position, store::NextPosition(tx, who.org_id, d.stage_id));
    }
    SYN_RETURN_IF_ERROR(store::InsertDeal(tx, d));
    SYN_RETURN_IF_ERROR(RecordStageChange(tx, who, d, std::nullopt, *pipeline));
    std::optional<std::string> contact;
    if (d.contact_id) contact = d.contact_id->str();
    SYN_RETURN_IF_ERROR(Emit(tx, who, "deal.created", "deal", d.id.str(),
                             PayloadBuilder()
                                 .Str("deal_id", d.id.str())
                                 .OptStr("contact_id", contact)
                                 .Str("stage", stage->name)
                                 .Str("stage_id", d.stage_id.str())
                                 .Int("amount_minor", d.value)
                                 .Str("currency", d.currency)
                                 .Build()));
    SYN_ASSIGN_OR_RETURN(auto stored, store::FindDeal(tx, who.org_id, d.id));
    if (!stored) return Internal("deal vanished");
    return std::move(*stored);
  });
}

Result<Deal> CrmService::GetDeal(const Principal& who, const DealId& id) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kRead, [&](db::Tx& tx) -> Result<Deal> {
    SYN_ASSIGN_OR_RETURN(auto d, store::FindDeal(tx, who.org_id, id));
    if (!d) return NotFound("deal not found");
    return std::move(*d);
  });
}

Result<Page<Deal>> CrmService::ListDeals(const Principal& who, const DealFilter& filter,
                                         const PageRequest& page) {
  return db::InTx(db_, ScopeOf(who), db::TxMode::kRead,
                  [&](db::Tx& tx) { return store::ListDeals(tx, who.org_id, filter, page); });
}

Result<Deal> CrmService::UpdateDeal(const Principal& who, const DealId& id,
                                    const DealInput& input) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<Deal> {
    SYN_ASSIGN_OR_RETURN(auto found, store::FindDeal(tx, who.org_id, id));
    if (!found) return NotFound("deal not found");
    Deal d = std::move(*found);
    const Deal before = d;
    StageId old_stage = d.stage_id;
    std::vector<FieldError> errors;
    SYN_RETURN_IF_ERROR(ApplyDealInput(tx, who, input, d, errors));
    PipelineId pipeline_id = input.pipeline_id.value_or(d.pipeline_id);
    SYN_ASSIGN_OR_RETURN(auto pipeline, store::FindPipeline(tx, who.org_id, pipeline_id));
    const Stage* stage = nullptr;
    if (!pipeline) {
      errors.push_back({"pipeline_id", "no such pipeline"});
    } else if (input.stage_id) {
      stage = StageIn(*pipeline, *input.stage_id);
      if (!stage) errors.push_back({"stage", "is not a stage of the pipeline"});
    } else {
      stage = StageIn(*pipeline, d.stage_id);
      if (!stage) errors.push_back({"stage", "is required when moving to another pipeline"});
    }
    if (!errors.empty()) return InvalidArgument("invalid deal", std::move(errors));
    d.pipeline_id = pipeline->id;
    d.stage_id = stage->id;
    bool moved = d.stage_id != old_stage;
    if (moved) {
      d.status = StatusOf(*stage);
      if (!input.probability) d.probability = stage->probability;
      if (!input.position) {
        SYN_ASSIGN_OR_RETURN(d.position, store::NextPosition(tx, who.org_id, d.stage_id));
      }
    }
    d.updated_at = Now();
    SYN_RETURN_IF_ERROR(store::UpdateDeal(tx, d));
    if (moved) SYN_RETURN_IF_ERROR(RecordStageChange(tx, who, d, old_stage, *pipeline));
    ChangeSet changes = DealChanges(before, d);
    if (!changes.empty()) {
      PayloadBuilder payload;
      payload.Str("deal_id", d.id.str());
      changes.AddTo(payload);
      SYN_RETURN_IF_ERROR(Emit(tx, who, "deal.updated", "deal", d.id.str(), payload.Build()));
    }
    SYN_ASSIGN_OR_RETURN(auto stored, store::FindDeal(tx, who.org_id, d.id));
    if (!stored) return Internal("deal vanished");
    return std::move(*stored);
  });
}

Result<void> CrmService::DeleteDeal(const Principal& who, const DealId& id) {
  SYN_RETURN_IF_ERROR(RequireRole(who, Role::kMember));
  return db::InTx(db_, ScopeOf(who), db::TxMode::kWrite, [&](db::Tx& tx) -> Result<void> {
    SYN_ASSIGN_OR_RETURN(bool deleted, store::DeleteDeal(tx, who.org_id, id));
    if (!deleted) return NotFound("deal not found");
    return Emit(tx, who, "deal.deleted", "deal", id.str(),
                PayloadBuilder().Str("deal_id", id.str()).Build());
  });
}

}  // namespace syntera::crm
