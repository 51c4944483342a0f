#pragma once
// Opens the gateway's store where `--db` names it: a `postgresql://` (or `postgres://`) URL is
// the gateway's own schema on that PostgreSQL server (postgres_gateway_schema.h); anything else
// is the path of its SQLite file. Used by the gateway and by `renkei mynumber records/fukuhon`.
#include <memory>
#include <string>

#include "adapters/mynumber/fukuhon_store.h"
#include "adapters/mynumber/gateway_store.h"

namespace renkei::mynumber {

bool isPostgresUrl(const std::string& db);

// Each throws StoreError naming what failed (never a password the URL may carry).
std::unique_ptr<GatewayStore> openGatewayStore(const std::string& db);
std::unique_ptr<FukuhonStore> openFukuhonStore(const std::string& db);

// How messages name the store: the file's path, or "PostgreSQL host=... port=... dbname=..."
// (the password left out).
std::string describeGatewayDb(const std::string& db);

}  // namespace renkei::mynumber
