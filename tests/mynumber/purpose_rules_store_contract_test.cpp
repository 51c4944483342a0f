// The purpose rules store contract (broker/mynumber/purpose_rules_store.h) on SQLite (a temp
// file) and PostgreSQL (a fresh database of a real test server): versions numbered from 1, old
// ones kept as they were, rows in file order, two stores on one database agreeing.
#include <gtest/gtest.h>

#include <memory>
#include <thread>

#include "broker/store/postgres_purpose_rules_store.h"
#include "broker/store/postgres_store.h"
#include "broker/store/sqlite_purpose_rules_store.h"
#include "broker/store/sqlite_store.h"
#include "tests/support/postgres_test_server.h"
#include "tests/unit/store_test_support.h"

namespace renkei {
namespace {

using mynumber::PurposeRule;
using mynumber::PurposeRulesStore;
using mynumber::PurposeRulesVersion;

struct SqliteRulesBackend {
  testing::TempDir dir;
  SqliteRulesBackend() { SqliteStore(dir.file("renkei.db")).migrate(); }
  std::unique_ptr<PurposeRulesStore> open() {
    return std::make_unique<SqlitePurposeRulesStore>(dir.file("renkei.db"));
  }
};

struct PostgresRulesBackend {
  std::string conninfo = testing::PostgresTestServer::shared().createDatabase();
  PostgresRulesBackend() { PostgresStore(conninfo).migrate(); }
  std::unique_ptr<PurposeRulesStore> open() {
    return std::make_unique<PostgresPurposeRulesStore>(conninfo);
  }
};

struct BackendNames {
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqliteRulesBackend> ? "Sqlite" : "Postgres";
  }
};

PurposeRule rule(const std::string& jimu, const std::string& item, const std::string& to = "") {
  return {jimu,
          "事務 " + jimu,
          "*",
          "062014",
          item,
          "特定個人情報 " + item,
          "番号法第19条第8号 主務省令第2条の表第47項",
          "2017-11-13",
          to};
}

PurposeRulesVersion meta(const std::string& actor, const std::string& sha) {
  PurposeRulesVersion m;
  m.actor = actor;
  m.loaded_at = "2026-12-02T05:00:00.000Z";
  m.file_sha256 = sha;
  m.source_file = "rules.xml";
  return m;
}

template <typename Backend>
class PurposeRulesStoreContract : public ::testing::Test {
 protected:
  Backend backend_;
  std::unique_ptr<PurposeRulesStore> store_ = backend_.open();
};

using Backends = ::testing::Types<SqliteRulesBackend, PostgresRulesBackend>;
TYPED_TEST_SUITE(PurposeRulesStoreContract, Backends, BackendNames);

TYPED_TEST(PurposeRulesStoreContract, NothingIsLoadedAtFirst) {
  EXPECT_FALSE(this->store_->current());
  EXPECT_TRUE(this->store_->versions().empty());
  EXPECT_FALSE(this->store_->atVersion(1));
}

TYPED_TEST(PurposeRulesStoreContract, EachLoadIsANewVersionAndOldOnesStayAsTheyWere) {
  const std::vector<PurposeRule> first = {rule("JM0030", "TM00000000000021"),
                                          rule("JM0056", "TM00000000000002")};
  const std::vector<PurposeRule> second = {rule("JM0056", "TM00000000000002"),
                                           rule("JM0030", "TM00000000000021", "2027-03-31"),
                                           rule("JM0068", "TM00000000000021")};
  const auto v1 = this->store_->addVersion(meta("情報政策課 佐藤", "aa"), first);
  const auto v2 = this->store_->addVersion(meta("情報政策課 鈴木", "bb"), second);
  EXPECT_EQ(v1.version, 1);
  EXPECT_EQ(v1.row_count, 2);
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(v2.row_count, 3);

  const auto current = this->store_->current();
  ASSERT_TRUE(current);
  EXPECT_EQ(current->version(), 2);
  EXPECT_EQ(current->rules(), second) << "rows in file order, every field kept";
  const auto old = this->store_->atVersion(1);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->rules(), first);

  const auto versions = this->store_->versions();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].actor, "情報政策課 佐藤");
  EXPECT_EQ(versions[0].file_sha256, "aa");
  EXPECT_EQ(versions[0].source_file, "rules.xml");
  EXPECT_EQ(versions[0].loaded_at, "2026-12-02T05:00:00.000Z");
  EXPECT_EQ(versions[1].row_count, 3);
}

TYPED_TEST(PurposeRulesStoreContract, AnEmptyTableIsAVersionThatPermitsNothing) {
  this->store_->addVersion(meta("a", "aa"), {rule("JM0030", "TM00000000000021")});
  this->store_->addVersion(meta("b", "bb"), {});
  const auto current = this->store_->current();
  ASSERT_TRUE(current);
  EXPECT_EQ(current->version(), 2);
  EXPECT_TRUE(current->rules().empty());
}

TYPED_TEST(PurposeRulesStoreContract, LoadsFromTwoStoresAtOnceGetDistinctNumbers) {
  auto other = this->backend_.open();
  std::thread t([&] {
    for (int i = 0; i < 5; ++i)
      other->addVersion(meta("other", "cc"), {rule("JM0030", "TM00000000000021")});
  });
  for (int i = 0; i < 5; ++i) {
    this->store_->addVersion(meta("this", "dd"), {rule("JM0056", "TM00000000000002")});
  }
  t.join();
  const auto versions = this->store_->versions();
  ASSERT_EQ(versions.size(), 10u);
  for (std::size_t i = 0; i < versions.size(); ++i) {
    EXPECT_EQ(versions[i].version, static_cast<int64_t>(i + 1));
    EXPECT_EQ(this->store_->atVersion(versions[i].version)->rules().size(), 1u);
  }
}

}  // namespace
}  // namespace renkei
