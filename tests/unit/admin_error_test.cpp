#include "broker/admin/admin_error.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

namespace renkei::admin {
namespace {

TEST(AdminErrorTable, DocumentationTableIsTheGeneratedOne) {
  std::ifstream in(std::string(RENKEI_SOURCE_DIR) + "/docs/fault-codes.md");
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_NE(doc.str().find(adminErrorTableMarkdown()), std::string::npos)
      << "docs/fault-codes.md is out of date: regenerate its admin table with "
         "`renkei faults --markdown`";
}

TEST(AdminErrorTable, EveryCodeHasOneUniqueNameInThePlatformStyle) {
  std::set<std::string> names;
  for (const AdminErrorSpec& spec : allAdminErrorSpecs()) {
    const std::string name = spec.name;
    EXPECT_TRUE(names.insert(name).second) << name;
    EXPECT_EQ(adminErrorName(spec.code), name);
    EXPECT_EQ(isSenderError(spec.code), name.rfind("Client.", 0) == 0) << name;
    EXPECT_FALSE(spec.meaning.empty()) << name;
  }
  EXPECT_STREQ(adminErrorName(AdminErrorCode::kLifecycleRefused), "Client.LifecycleRefused");
  EXPECT_STREQ(adminErrorName(AdminErrorCode::kInternal), "Server.Internal");
}

}  // namespace
}  // namespace renkei::admin
