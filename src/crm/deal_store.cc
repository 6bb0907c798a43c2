#include "crm/deal_store.h"

#include <map>

#include "crm/store_util.h"

namespace syntera::crm::store {
namespace {

db::Value Str(std::string s) { return db::Text(std::move(s)); }

constexpr std::string_view kDealColumns =
    "SELECT id, org_id, title, value_minor, currency, pipeline_id, stage_id, probability, "
    "expected_close_date, owner_id, contact_id, company_id, status, close_reason, position, "
    "created_at, updated_at FROM crm_deals ";

Deal DealAt(const db::Row& r) {
  Deal d;
  d.id = DealId(r.Text("id"));
  d.org_id = OrgId(r.Text("org_id"));
  d.title = r.Text("title");
  d.value = r.Int("value_minor");
  d.currency = r.Text("currency");
  d.pipeline_id = PipelineId(r.Text("pipeline_id"));
  d.stage_id = StageId(r.Text("stage_id"));
  d.probability = static_cast<int>(r.Int("probability"));
  d.expected_close_date = r.OptText("expected_close_date");
  d.owner_id = OptIdAt<UserId>(r, "owner_id");
  d.contact_id = OptIdAt<ContactId>(r, "contact_id");
  d.company_id = OptIdAt<CompanyId>(r, "company_id");
  d.status = ParseDealStatus(r.Text("status")).value_or(DealStatus::kOpen);
  d.close_reason = r.Text("close_reason");
  d.position = r.Int("position");
  d.created_at = TimeAt(r, "created_at");
  d.updated_at = TimeAt(r, "updated_at");
  return d;
}

Result<std::vector<Stage>> StagesOf(db::Tx& tx, const OrgId& org, const PipelineId& pipeline) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT id, pipeline_id, name, probability, position, kind FROM crm_stages "
               "WHERE org_id = ? AND pipeline_id = ? ORDER BY position, id",
               {Str(org.str()), Str(pipeline.str())}));
  std::vector<Stage> out;
  for (const auto& r : rows) {
    out.push_back(Stage{StageId(r.Text(0)), PipelineId(r.Text(1)), r.Text(2),
                        static_cast<int>(r.Int(3)), static_cast<int>(r.Int(4)),
                        ParseStageKind(r.Text(5)).value_or(StageKind::kOpen)});
  }
  return out;
}

Pipeline PipelineAt(const db::Row& r) {
  Pipeline p;
  p.id = PipelineId(r.Text("id"));
  p.org_id = OrgId(r.Text("org_id"));
  p.name = r.Text("name");
  p.is_default = !r.IsNull("default_for");
  p.created_at = TimeAt(r, "created_at");
  return p;
}

constexpr std::string_view kPipelineColumns =
    "SELECT id, org_id, name, default_for, created_at FROM crm_pipelines ";

}  // namespace

Result<bool> InsertPipeline(db::Tx& tx, const Pipeline& p) {
  SYN_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("INSERT INTO crm_pipelines (id, org_id, name, default_for, created_at) "
              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (default_for) DO NOTHING",
              {Str(p.id.str()), Str(p.org_id.str()), Str(p.name),
               p.is_default ? Str(p.org_id.str()) : db::Null(), TimeValue(p.created_at)}));
  if (n == 0) return false;
  for (const Stage& s : p.stages) SYN_RETURN_IF_ERROR(UpsertStage(tx, p.org_id, s));
  return true;
}

Result<std::optional<Pipeline>> FindPipeline(db::Tx& tx, const OrgId& org, const PipelineId& id) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(std::string(kPipelineColumns) + "WHERE org_id = ? AND id = ?",
                                {Str(org.str()), Str(id.str())}));
  if (rows.empty()) return std::optional<Pipeline>();
  Pipeline p = PipelineAt(rows[0]);
  SYN_ASSIGN_OR_RETURN(p.stages, StagesOf(tx, org, p.id));
  return std::optional<Pipeline>(std::move(p));
}

Result<std::optional<PipelineId>> DefaultPipelineId(db::Tx& tx, const OrgId& org) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT id FROM crm_pipelines WHERE org_id = ? AND default_for = ?",
                                {Str(org.str()), Str(org.str())}));
  if (rows.empty()) return std::optional<PipelineId>();
  return std::optional<PipelineId>(PipelineId(rows[0].Text(0)));
}

Result<std::vector<Pipeline>> ListPipelines(db::Tx& tx, const OrgId& org) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(std::string(kPipelineColumns) +
                                                   "WHERE org_id = ? ORDER BY created_at, id",
                                               {Str(org.str())}));
  std::vector<Pipeline> out;
  for (const auto& r : rows) {
    Pipeline p = PipelineAt(r);
    SYN_ASSIGN_OR_RETURN(p.stages, StagesOf(tx, org, p.id));
    out.push_back(std::move(p));
  }
  return out;
}

Result<void> RenamePipeline(db::Tx& tx, const OrgId& org, const PipelineId& id,
                            const std::string& name) {
  SYN_RETURN_IF_ERROR(tx.Exec("UPDATE crm_pipelines SET name = ? WHERE org_id = ? AND id = ?",
                              {Str(name), Str(org.str()), Str(id.str())}));
  return Ok();
}

Result<void> UpsertStage(db::Tx& tx, const OrgId& org, const Stage& s) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO crm_stages (id, org_id, pipeline_id, name, probability, position, kind) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
      "probability = excluded.probability, position = excluded.position, kind = excluded.kind",
      {Str(s.id.str()), Str(org.str()), Str(s.pipeline_id.str()), Str(s.name),
       db::Int(s.probability), db::Int(s.position), Str(std::string(StageKindName(s.kind)))}));
  return Ok();
}

Result<void> DeleteStage(db::Tx& tx, const OrgId& org, const StageId& id) {
  SYN_RETURN_IF_ERROR(tx.Exec("DELETE FROM crm_stages WHERE org_id = ? AND id = ?",
                              {Str(org.str()), Str(id.str())}));
  return Ok();
}

Result<int64_t> CountDealsInStage(db::Tx& tx, const OrgId& org, const StageId& id) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT COUNT(*) FROM crm_deals WHERE org_id = ? AND stage_id = ?",
                                {Str(org.str()), Str(id.str())}));
  return rows[0].Int(0);
}

Result<bool> DeletePipeline(db::Tx& tx, const OrgId& org, const PipelineId& id) {
  SYN_ASSIGN_OR_RETURN(int64_t n, tx.Exec("DELETE FROM crm_pipelines WHERE org_id = ? AND id = ?",
                                          {Str(org.str()), Str(id.str())}));
  return n > 0;
}

namespace {
std::vector<db::Value> DealValues(const Deal& d) {
  return {Str(d.title),          db::Int(d.value),           Str(d.currency),
          Str(d.pipeline_id.str()), Str(d.stage_id.str()),   db::Int(d.probability),
          db::OptText(d.expected_close_date), OptIdValue(d.owner_id), OptIdValue(d.contact_id),
          OptIdValue(d.company_id), Str(std::string(DealStatusName(d.status))),
          Str(d.close_reason),    db::Int(d.position),        TimeValue(d.updated_at)};
}
}  // namespace

Result<void> InsertDeal(db::Tx& tx, const Deal& d) {
  std::vector<db::Value> params = DealValues(d);
  params.push_back(Str(d.id.str()));
  params.push_back(Str(d.org_id.str()));
  params.push_back(TimeValue(d.created_at));
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO crm_deals (title, value_minor, currency, pipeline_id, stage_id, probability, "
      "expected_close_date, owner_id, contact_id, company_id, status, close_reason, position, "
      "updated_at, id, org_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?)",
      params));
  return Ok();
}

Result<void> UpdateDeal(db::Tx& tx, const Deal& d) {
  std::vector<db::Value> params = DealValues(d);
  params.push_back(Str(d.org_id.str()));
  params.push_back(Str(d.id.str()));
  SYN_RETURN_IF_ERROR(tx.Exec(
      "UPDATE crm_deals SET title = ?, value_minor = ?, currency = ?, pipeline_id = ?, "
      "stage_id = ?, probability = ?, expected_close_date = ?, owner_id = ?, contact_id = ?, "
      "company_id = ?, status = ?, close_reason = ?, position = ?, updated_at = ? "
      "WHERE org_id = ? AND id = ?",
      params));
  return Ok();
}

Result<std::optional<Deal>> FindDeal(db::Tx& tx, const OrgId& org, const DealId& id) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query(std::string(kDealColumns) + "WHERE org_id = ? AND id = ?",
                                {Str(org.str()), Str(id.str())}));
  if (rows.empty()) return std::optional<Deal>();
  Deal d = DealAt(rows[0]);
  SYN_ASSIGN_OR_RETURN(
      db::Rows history,
      tx.Query("SELECT from_stage_id, to_stage_id, changed_by, changed_at FROM "
               "crm_deal_stage_history WHERE org_id = ? AND deal_id = ? "
               "ORDER BY changed_at, (from_stage_id IS NOT NULL), id",
               {Str(org.str()), Str(id.str())}));
  for (const auto& r : history) {
    d.stage_history.push_back(StageChange{OptIdAt<StageId>(r, "from_stage_id"),
                                          StageId(r.Text("to_stage_id")),
                                          OptIdAt<UserId>(r, "changed_by"),
                                          TimeAt(r, "changed_at")});
  }
  return std::optional<Deal>(std::move(d));
}

Result<Page<Deal>> ListDeals(db::Tx& tx, const OrgId& org, const DealFilter& f,
                             const PageRequest& page) {
  std::string where = "WHERE org_id = ?";
  std::vector<db::Value> params = {Str(org.str())};
  auto eq = [&](const char* col, const std::optional<std::string>& v) {
    if (!v) return;
    where += std::string(" AND ") + col + " = ?";
    params.push_back(Str(*v));
  };
  eq("pipeline_id", f.pipeline_id ? std::optional(f.pipeline_id->str()) : std::nullopt);
  eq("stage_id", f.stage_id ? std::optional(f.stage_id->str()) : std::nullopt);
  eq("contact_id", f.contact_id ? std::optional(f.contact_id->str()) : std::nullopt);
  eq("company_id", f.company_id ? std::optional(f.company_id->str()) : std::nullopt);
  eq("owner_id", f.owner_id ? std::optional(f.owner_id->str()) : std::nullopt);
  eq("status", f.status ? std::optional(std::string(DealStatusName(*f.status))) : std::nullopt);
  if (!page.cursor.empty()) {
    auto cursor = DecodeCursor(page.cursor);
    if (!cursor || !std::holds_alternative<int64_t>(cursor->key)) {
      return InvalidArgument("invalid cursor", {{"cursor", "is not a cursor of this list"}});
    }
    AppendAfter(*cursor, "created_at", "id", false, where, params);
  }
  params.push_back(db::Int(page.limit + 1));
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(std::string(kDealColumns) + where +
                                                   " ORDER BY created_at, id LIMIT ?",
                                               params));
  Page<Deal> out;
  for (const auto& r : rows) out.items.push_back(DealAt(r));
  if (out.items.size() > static_cast<size_t>(page.limit)) {
    out.items.resize(static_cast<size_t>(page.limit));
    const Deal& last = out.items.back();
    out.next_cursor = EncodeCursor({TimeValue(last.created_at), last.id.str()});
  }
  return out;
}

Result<bool> DeleteDeal(db::Tx& tx, const OrgId& org, const DealId& id) {
  SYN_ASSIGN_OR_RETURN(int64_t n, tx.Exec("DELETE FROM crm_deals WHERE org_id = ? AND id = ?",
                                          {Str(org.str()), Str(id.str())}));
  return n > 0;
}

Result<void> InsertStageChange(db::Tx& tx, const OrgId& org, const std::string& id,
                               const DealId& deal, const StageChange& c) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO crm_deal_stage_history (id, org_id, deal_id, from_stage_id, to_stage_id, "
      "changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {Str(id), Str(org.str()), Str(deal.str()), OptIdValue(c.from_stage_id),
       Str(c.to_stage_id.str()), OptIdValue(c.changed_by), TimeValue(c.changed_at)}));
  return Ok();
}

Result<int64_t> NextPosition(db::Tx& tx, const OrgId& org, const StageId& stage) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT COALESCE(MAX(position), 0) FROM crm_deals WHERE org_id = ? AND stage_id = ?",
               {Str(org.str()), Str(stage.str())}));
  return rows[0].Int(0) + 1024;
}

Result<std::vector<BoardColumn>> BoardColumns(db::Tx& tx, const OrgId& org,
                                              const Pipeline& pipeline, int per_stage) {
  std::vector<BoardColumn> columns;
  std::map<std::string, size_t> index;
  for (const Stage& s : pipeline.stages) {
    index[s.id.str()] = columns.size();
    columns.push_back(BoardColumn{s, 0, {}, {}});
  }
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT stage_id, currency, COUNT(*), SUM(value_minor) FROM crm_deals "
               "WHERE org_id = ? AND pipeline_id = ? GROUP BY stage_id, currency "
               "ORDER BY stage_id, currency",
               {Str(org.str()), Str(pipeline.id.str())}));
  for (const auto& r : rows) {
    auto it = index.find(r.Text(0));
    if (it == index.end()) continue;
    BoardColumn& col = columns[it->second];
    col.count += r.Int(2);
    col.totals.push_back(CurrencyTotal{r.Text(1), r.Int(3)});
  }
  for (BoardColumn& col : columns) {
    SYN_ASSIGN_OR_RETURN(db::Rows deals,
                         tx.Query(std::string(kDealColumns) +
                                      "WHERE org_id = ? AND stage_id = ? ORDER BY position, id "
                                      "LIMIT ?",
                                  {Str(org.str()), Str(col.stage.id.str()), db::Int(per_stage)}));
    for (const auto& r : deals) col.deals.push_back(DealAt(r));
  }
  return columns;
}

}  // namespace syntera::crm::store
