#include "events/event_store.h"

#include <limits>
#include <string>

namespace syntera::events {

namespace {

constexpr char kColumns[] =
    "seq, id, org_id, type, aggregate_type, aggregate_id, payload, occurred_at";

DomainEvent EventFromRow(const db::Row& r) {
  DomainEvent e;
  e.sequence = r.Int(0);
  e.id = r.Text(1);
  e.org_id = OrgId(r.OptText(2).value_or(""));
  e.type = r.Text(3);
  e.aggregate_type = r.Text(4);
  e.aggregate_id = r.Text(5);
  e.payload = r.Text(6);
  e.occurred_at = FromUnixMillis(r.Int(7));
  return e;
}

std::vector<DomainEvent> EventsFromRows(const db::Rows& rows) {
  std::vector<DomainEvent> out;
  out.reserve(rows.size());
  for (const db::Row& r : rows) out.push_back(EventFromRow(r));
  return out;
}

Result<int64_t> SingleInt(db::Tx& tx, std::string_view sql) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(sql));
  if (rows.empty() || rows[0].IsNull(0)) return int64_t{0};
  return rows[0].Int(0);
}

}  // namespace

Result<void> AppendEvent(db::Tx& tx, const DomainEvent& event) {
  SYN_RETURN_IF_ERROR(ValidateEvent(event));
  if (tx.dialect() == db::Dialect::kPostgres) {
    // Give the transaction its xid BEFORE it draws a sequence number: the dispatcher's
    // watermark (store::PgSnapshotXmin) relies on every holder of a number having an xid.
    SYN_RETURN_IF_ERROR(tx.Query("SELECT pg_current_xact_id()::text"));
  }
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO events (id, org_id, type, aggregate_type, aggregate_id, payload, "
      "occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      {event.id, event.org_id.empty() ? db::Null() : db::Text(event.org_id.str()), event.type,
       event.aggregate_type, event.aggregate_id, event.payload,
       ToUnixMillis(event.occurred_at)}));
  return Ok();
}

namespace store {

Result<std::vector<DomainEvent>> ReadRange(db::Tx& tx, int64_t after, int64_t upto, int limit) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query(std::string("SELECT ") + kColumns +
                   " FROM events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
               {after, upto, int64_t{limit}}));
  return EventsFromRows(rows);
}

Result<std::vector<DomainEvent>> ListForOrg(db::Tx& tx, const EventQuery& q) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM events WHERE org_id = ? AND seq > ?";
  std::vector<db::Value> params = {q.org_id, q.after_sequence};
  if (!q.type.empty() && q.type.back() == '.') {
    // Prefix as a range: "contact." <= type < "contact/" ('/' follows '.').
    std::string upper = q.type;
    upper.back() = '/';
    sql += " AND type >= ? AND type < ?";
    params.push_back(q.type);
    params.push_back(upper);
  } else if (!q.type.empty()) {
    sql += " AND type = ?";
    params.push_back(q.type);
  }
  if (q.since) {
    sql += " AND occurred_at >= ?";
    params.push_back(ToUnixMillis(*q.since));
  }
  sql += " ORDER BY seq LIMIT ?";
  params.push_back(int64_t{q.limit});
  SYN_ASSIGN_OR_RETURN(db::Rows rows, tx.Query(sql, params));
  return EventsFromRows(rows);
}

Result<int64_t> MaxSequence(db::Tx& tx) { return SingleInt(tx, "SELECT MAX(seq) FROM events"); }

Result<int64_t> PgSequenceHighWater(db::Tx& tx) {
  return SingleInt(tx,
                   "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM events_seq_seq");
}

Result<int64_t> PgSnapshotXmax(db::Tx& tx) {
  return SingleInt(tx, "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
}

// The oldest transaction still running in THIS database (as a 64-bit xid8), or the snapshot's
// xmax when none is. Only transactions of this database can append to its events table, so
// unlike pg_snapshot_xmin (cluster-wide) a long transaction in another database of a shared
// cluster does not hold dispatch back. backend_xid is a 32-bit xid: it is widened with the
// current epoch (or the previous one when it is numerically ahead of xmax's low bits).
Result<int64_t> PgSnapshotXmin(db::Tx& tx) {
  return SingleInt(tx,
                   "WITH cur AS (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint AS xmax), "
                   "r AS (SELECT backend_xid::text::bigint AS x FROM pg_stat_activity "
                   "      WHERE datname = current_database() AND backend_xid IS NOT NULL "
                   "        AND pid <> pg_backend_pid()) "
                   "SELECT COALESCE(MIN(CASE WHEN r.x <= (cur.xmax & 4294967295) "
                   "                         THEN ((cur.xmax >> 32) << 32) + r.x "
                   "                         ELSE (((cur.xmax >> 32) - 1) << 32) + r.x END), "
                   "                MAX(cur.xmax)) "
                   "FROM cur LEFT JOIN r ON true");
}

Result<int64_t> LoadCheckpoint(db::Tx& tx, std::string_view subscriber) {
  SYN_ASSIGN_OR_RETURN(
      db::Rows rows,
      tx.Query("SELECT seq FROM event_checkpoints WHERE subscriber = ?", {std::string(subscriber)}));
  if (rows.empty()) return int64_t{0};
  return rows[0].Int(0);
}

Result<void> SaveCheckpoint(db::Tx& tx, std::string_view subscriber, int64_t sequence,
                            Timestamp now) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO event_checkpoints (subscriber, seq, updated_at) VALUES (?, ?, ?) "
      "ON CONFLICT (subscriber) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at",
      {std::string(subscriber), sequence, ToUnixMillis(now)}));
  return Ok();
}

Result<std::optional<SubscriberLease>> LoadLease(db::Tx& tx, std::string_view subscriber) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT owner, lease_until FROM event_subscriber_leases "
                                "WHERE subscriber = ?",
                                {std::string(subscriber)}));
  if (rows.empty()) return std::optional<SubscriberLease>();
  return std::optional<SubscriberLease>(
      SubscriberLease{rows[0].Text(0), FromUnixMillis(rows[0].Int(1))});
}

Result<bool> AcquireLease(db::Tx& tx, std::string_view subscriber, std::string_view owner,
                          Timestamp now, Timestamp until) {
  SYN_ASSIGN_OR_RETURN(
      int64_t n,
      tx.Exec("INSERT INTO event_subscriber_leases (subscriber, owner, lease_until) "
              "VALUES (?, ?, ?) ON CONFLICT (subscriber) DO UPDATE SET owner = excluded.owner, "
              "lease_until = excluded.lease_until WHERE event_subscriber_leases.owner = "
              "excluded.owner OR event_subscriber_leases.lease_until <= ?",
              {std::string(subscriber), std::string(owner), ToUnixMillis(until),
               ToUnixMillis(now)}));
  return n == 1;
}

Result<bool> RenewLease(db::Tx& tx, std::string_view subscriber, std::string_view owner,
                        Timestamp until) {
  SYN_ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE event_subscriber_leases SET lease_until = ? "
                                          "WHERE subscriber = ? AND owner = ?",
                                          {ToUnixMillis(until), std::string(subscriber),
                                           std::string(owner)}));
  return n == 1;
}

Result<bool> TakeOverLease(db::Tx& tx, std::string_view subscriber, std::string_view from,
                           std::string_view to, Timestamp until) {
  SYN_ASSIGN_OR_RETURN(int64_t n, tx.Exec("UPDATE event_subscriber_leases SET owner = ?, "
                                          "lease_until = ? WHERE subscriber = ? AND owner = ?",
                                          {std::string(to), ToUnixMillis(until),
                                           std::string(subscriber), std::string(from)}));
  return n == 1;
}

Result<void> ReleaseLease(db::Tx& tx, std::string_view subscriber, std::string_view owner) {
  SYN_RETURN_IF_ERROR(
      tx.Exec("DELETE FROM event_subscriber_leases WHERE subscriber = ? AND owner = ?",
              {std::string(subscriber), std::string(owner)}));
  return Ok();
}

Result<int64_t> MinCheckpoint(db::Tx& tx, const std::vector<std::string>& subscribers) {
  int64_t lowest = std::numeric_limits<int64_t>::max();
  for (const std::string& s : subscribers) {
    SYN_ASSIGN_OR_RETURN(int64_t c, LoadCheckpoint(tx, s));
    lowest = std::min(lowest, c);
  }
  return lowest;
}

Result<void> ParkDelivery(db::Tx& tx, std::string_view subscriber, const DomainEvent& event,
                          std::string_view error, int attempts, Timestamp now) {
  SYN_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO event_dead_letters (subscriber, seq, event_id, error, attempts, failed_at) "
      "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (subscriber, seq) DO NOTHING",
      {std::string(subscriber), event.sequence, event.id, std::string(error.substr(0, 2000)),
       int64_t{attempts}, ToUnixMillis(now)}));
  return Ok();
}

Result<int64_t> CountParked(db::Tx& tx, std::string_view subscriber) {
  SYN_ASSIGN_OR_RETURN(db::Rows rows,
                       tx.Query("SELECT COUNT(*) FROM event_dead_letters WHERE subscriber = ?",
                                {std::string(subscriber)}));
  return rows[0].Int(0);
}

Result<int64_t> DeleteOlderThan(db::Tx& tx, Timestamp cutoff, int64_t max_sequence) {
  return tx.Exec("DELETE FROM events WHERE occurred_at < ? AND seq <= ?",
                 {ToUnixMillis(cutoff), max_sequence});
}

}  // namespace store
}  // namespace syntera::events
