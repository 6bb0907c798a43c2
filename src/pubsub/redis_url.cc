#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>

#include "pubsub/pubsub.h"

namespace syntera::pubsub {

Result<RedisOptions> ParseRedisUrl(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  const std::string expected = "Redis URL must look like redis://[:password@]host[:port][/db]";
  if (!parsed || parsed->scheme() != "redis" || parsed->host().empty()) {
    return InvalidArgument(expected);
  }
  RedisOptions o;
  o.host = parsed->host();
  if (parsed->has_port()) {
    const std::string_view port = parsed->port();
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), o.port);
    if (ec != std::errc() || end != port.data() + port.size() || o.port <= 0 || o.port > 65535) {
      return InvalidArgument(expected + " (bad port)");
    }
  }
  if (parsed->has_password()) o.password = parsed->password();
  std::string_view path = parsed->encoded_path();
  if (!path.empty() && path != "/") {
    path.remove_prefix(1);
    auto [end, ec] = std::from_chars(path.data(), path.data() + path.size(), o.db);
    if (ec != std::errc() || end != path.data() + path.size() || o.db < 0) {
      return InvalidArgument(expected + " (bad database number)");
    }
  }
  return o;
}

}  // namespace syntera::pubsub
