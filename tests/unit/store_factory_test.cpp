#include "broker/store/store_factory.h"

#include <gtest/gtest.h>

namespace renkei {
namespace {

TEST(StoreFactory, DescribesTheStoreWithoutEverShowingAPassword) {
  BrokerConfig sqlite;
  sqlite.store_kind = "sqlite";
  sqlite.store_path = "/var/lib/renkei/renkei.db";
  EXPECT_EQ(describeStore(sqlite), "sqlite:/var/lib/renkei/renkei.db");

  BrokerConfig postgres;
  postgres.store_kind = "postgresql";
  postgres.store_conninfo = "host=127.0.0.1 port=5433 dbname=renkei user=broker password=s3cr3t";
  const std::string described = describeStore(postgres);
  EXPECT_NE(described.find("PostgreSQL"), std::string::npos) << described;
  EXPECT_NE(described.find("dbname=renkei"), std::string::npos) << described;
  EXPECT_NE(described.find("port=5433"), std::string::npos) << described;
  EXPECT_EQ(described.find("s3cr3t"), std::string::npos) << described;
}

}  // namespace
}  // namespace renkei
