#include "db/open.h"

#include <string>

namespace syntera::db {

std::string_view DialectName(Dialect d) { return d == Dialect::kPostgres ? "postgres" : "sqlite"; }

Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url, const SqliteOptions& sqlite,
                                               const PgOptions& postgres) {
  if (url.empty()) return InvalidArgument("database URL is empty");
  if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    PgOptions options = postgres;
    options.url = std::string(url);
    return OpenPostgres(options);
  }
  SqliteOptions options = sqlite;
  if (url == "sqlite::memory:" || url == "sqlite://:memory:") {
    options.path = ":memory:";
  } else if (url.starts_with("sqlite://")) {
    options.path = std::string(url.substr(std::string_view("sqlite://").size()));
    if (options.path.empty()) return InvalidArgument("database URL sqlite:// names no file");
  } else if (size_t scheme = url.find("://"); scheme != std::string_view::npos) {
    return InvalidArgument("database URL has unsupported scheme \"" +
                           std::string(url.substr(0, scheme)) +
                           "\"; use sqlite:///path or postgres://");
  } else {
    options.path = std::string(url);
  }
  return OpenSqlite(options);
}

}  // namespace syntera::db
