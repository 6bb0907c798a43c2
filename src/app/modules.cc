#include "app/modules.h"

#include "http/router.h"

namespace syntera::app {

Result<std::unique_ptr<Modules>> BuildModules(const ModuleDeps& /*deps*/) {
  auto m = std::make_unique<Modules>();
  m->add_routes = [](http::Router&) {};
  return m;
}

}  // namespace syntera::app
