// The serving listener's published WSDLs: their soap:address names the Host the requester
// used, but only a plain host[:port]; anything else must not reach the document.
#include "broker/server/wsdl_publisher.h"

#include <gtest/gtest.h>
#include "tests/support/text_contains.h"

namespace renkei {
namespace {

WsdlPublisher publisher() {
  ServiceDef ido;
  ido.name = "IdoJohoShokai";
  ido.version = "1";
  ido.wsdl_file = "juki.wsdl";
  const std::string src = RENKEI_SOURCE_DIR;
  return WsdlPublisher(src + "/wsdl", src + "/xsd", {ido});
}

std::string wsdlFor(const std::string& path, const std::string& host) {
  auto reply = publisher().serve(path, host);
  EXPECT_TRUE(reply.has_value()) << path;
  return reply ? reply->body : "";
}

using renkei::testing::contains;

TEST(WsdlPublisher, TheServiceAddressNamesAPlainHost) {
  const std::string wsdl = wsdlFor("/services/IdoJohoShokai?wsdl", "broker.example.lg.jp:8080");
  EXPECT_TRUE(contains(
      wsdl,
      "<soap:address location=\"http://broker.example.lg.jp:8080/services/IdoJohoShokai\"/>"));
  EXPECT_TRUE(contains(
      wsdl,
      "<soap12:address location=\"http://broker.example.lg.jp:8080/services/IdoJohoShokai\"/>"));
  EXPECT_TRUE(contains(wsdlFor("/services/IdoJohoShokai?wsdl", "[::1]:8080"),
                       "location=\"http://[::1]:8080/services/IdoJohoShokai\""));
}

TEST(WsdlPublisher, AnInjectedHostDoesNotReachTheServiceWsdl) {
  const std::string wsdl = wsdlFor("/services/IdoJohoShokai?wsdl", "x\"/><evil");
  EXPECT_FALSE(contains(wsdl, "evil")) << wsdl;
  EXPECT_TRUE(contains(wsdl, "location=\"http://localhost/services/IdoJohoShokai\"/>"));
}

TEST(WsdlPublisher, AnInjectedHostDoesNotReachTheRegistryWsdl) {
  const std::string wsdl = wsdlFor("/registry?wsdl", "x\"/><evil");
  EXPECT_FALSE(contains(wsdl, "evil")) << wsdl;
  EXPECT_TRUE(contains(wsdl, "location=\"http://localhost/registry\"/>"));
  EXPECT_TRUE(contains(wsdlFor("/registry?wsdl", "127.0.0.1:8080"),
                       "location=\"http://127.0.0.1:8080/registry\"/>"));
}

TEST(WsdlPublisher, ARequestWithoutHostIsAddressedAtLocalhost) {
  EXPECT_TRUE(contains(wsdlFor("/services/IdoJohoShokai?wsdl", ""),
                       "location=\"http://localhost/services/IdoJohoShokai\"/>"));
}

}  // namespace
}  // namespace renkei
