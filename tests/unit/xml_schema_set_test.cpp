#include "broker/xml/schema_set.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace renkei::xml {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir()
      : path_(fs::temp_directory_path() /
              ("renkei_xsd_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++))) {
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return path_ / name;
  }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

constexpr const char* kTinySchema = R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"
           xmlns:t="urn:t" elementFormDefault="qualified">
  <xs:include schemaLocation="tiny-types.xsd"/>
  <xs:element name="Root" type="t:Code"/>
</xs:schema>)";
constexpr const char* kTinyTypes = R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
  <xs:simpleType name="Code"><xs:restriction base="xs:string"/></xs:simpleType>
</xs:schema>)";

TEST(SchemaSetTest, LoadsProjectSchemasWithoutConfig) {
  SchemaSet set = SchemaSet::loadDirectory(fs::path(RENKEI_SOURCE_DIR) / "xsd");
  EXPECT_TRUE(set.declaresElement("urn:renkei:platform:header:v1", "PlatformHeader"));
  EXPECT_TRUE(set.declaresElement("http://schemas.xmlsoap.org/soap/envelope/", "Envelope"));
  EXPECT_TRUE(set.declaresElement("http://www.w3.org/2003/05/soap-envelope", "Envelope"));
  EXPECT_TRUE(set.declaresElement("urn:renkei:unit:juki:v1", "IdoJohoShokaiRequest"));
  EXPECT_FALSE(set.declaresElement("urn:renkei:unit:juki:v1", "NoSuchElement"));
  // From a subdirectory.
  EXPECT_TRUE(set.declaresElement("urn:renkei:mynumber:gateway:v1", "JohoShokaiRequest"));
  for (const auto& ns : set.targetNamespaces()) EXPECT_NE(ns, "urn:renkei:config:v1");
  for (const auto& file : set.files()) EXPECT_NE(file.filename(), "config.xsd");
}

TEST(SchemaSetTest, FollowsLocalIncludes) {
  TempDir dir;
  dir.write("tiny-types.xsd", kTinyTypes);
  SchemaSet set = SchemaSet::loadFiles({dir.write("tiny.xsd", kTinySchema)});
  EXPECT_TRUE(set.declaresElement("urn:t", "Root"));
}

TEST(SchemaSetTest, EachLoadHasItsOwnId) {
  SchemaSet a = SchemaSet::empty();
  SchemaSet b = SchemaSet::empty();
  EXPECT_NE(a.id(), b.id());
}

TEST(SchemaSetTest, BrokenSchemaNamesFileLineAndColumn) {
  TempDir dir;
  fs::path bad = dir.write("bad.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns:t="urn:t">
  <xs:element name="Root" type="t:Missing"/>
</xs:schema>)");
  try {
    SchemaSet::loadFiles({bad});
    FAIL() << "expected SchemaLoadError";
  } catch (const SchemaLoadError& e) {
    EXPECT_NE(e.file().find("bad.xsd"), std::string::npos) << e.what();
    EXPECT_EQ(e.line(), 3) << e.what();
    EXPECT_GT(e.column(), 0);
    EXPECT_FALSE(e.message().empty());
  }
}

TEST(SchemaSetTest, NotWellFormedSchemaIsAnError) {
  TempDir dir;
  fs::path bad =
      dir.write("broken.xsd", "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">");
  EXPECT_THROW(SchemaSet::loadFiles({bad}), SchemaLoadError);
}

TEST(SchemaSetTest, RefusesNetworkImports) {
  TempDir dir;
  fs::path remote = dir.write("remote.xsd", R"(<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns:o="urn:o">
  <xs:import namespace="urn:o" schemaLocation="http://192.0.2.1/other.xsd"/>
  <xs:element name="Root" type="o:Thing"/>
</xs:schema>)");
  try {
    SchemaSet::loadFiles({remote});
    FAIL() << "expected SchemaLoadError";
  } catch (const SchemaLoadError& e) {
    EXPECT_NE(std::string(e.what()).find("http://192.0.2.1/other.xsd"), std::string::npos)
        << e.what();
  }
}

TEST(SchemaSetTest, MissingFileOrDirectory) {
  EXPECT_THROW(SchemaSet::loadFiles({"/nonexistent/renkei.xsd"}), SchemaLoadError);
  EXPECT_THROW(SchemaSet::loadDirectory("/nonexistent/xsd"), SchemaLoadError);
}

}  // namespace
}  // namespace renkei::xml
