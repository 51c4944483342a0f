// An exception that escapes a request's handling (around the pipeline's own guard) costs that
// request a Server.Internal fault, never the broker: the next request is served as before.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "broker/core/soap_fault_writer.h"
#include "broker/server/http_server.h"
#include "tests/integration/support/raw_connection.h"

namespace renkei {
namespace {

class ThrowingHandler : public RequestHandler {
 public:
  HttpReply handlePost(HttpRequest request) override {
    if (request.body == "boom") throw std::runtime_error("a bug outside the pipeline");
    if (request.body == "odd") throw 42;  // not even a std::exception
    HttpReply reply;
    reply.status = 200;
    reply.content_type = "text/plain";
    reply.body = "served " + request.body;
    return reply;
  }
  HttpReply handleGet(const std::string&, const std::string&) override { return {}; }
  HttpReply refuse(FaultCode code, const std::string& reason, const HttpRequest&) override {
    return soapFaultReply(SoapVersion::k11, faultOf(code, reason), "");
  }
  HttpReply overloaded(const HttpRequest&) override {
    return soapFaultReply(SoapVersion::k11, faultOf(FaultCode::kOverloaded, "busy"), "");
  }
};

std::string post(const std::string& body, const std::string& content_type) {
  return "POST /services/X HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

TEST(ConnectionGuard, AnEscapingExceptionIsAServerInternalFaultAndTheBrokerServesOn) {
  ThrowingHandler handler;
  HttpServerOptions options;
  options.port = 0;
  options.worker_threads = 2;
  HttpServer server(options, handler);
  server.start();

  testing::RawConnection soap12(server.port());
  ASSERT_TRUE(soap12.send(post("boom", "application/soap+xml; charset=utf-8")));
  const std::string fault = soap12.readResponse();
  EXPECT_EQ(fault.rfind("HTTP/1.1 500", 0), 0u) << fault;
  EXPECT_NE(fault.find("rf:Internal"), std::string::npos) << fault;  // SOAP 1.2, as asked
  EXPECT_EQ(fault.find("a bug outside"), std::string::npos) << "internals stay in the log";

  testing::RawConnection soap11(server.port());
  ASSERT_TRUE(soap11.send(post("odd", "text/xml; charset=utf-8")));
  const std::string odd = soap11.readResponse();
  EXPECT_NE(odd.find("<faultcode>soap:Server.Internal</faultcode>"), std::string::npos) << odd;

  // The same connection and a new one are both served afterwards.
  ASSERT_TRUE(soap11.send(post("after", "text/xml")));
  EXPECT_NE(soap11.readResponse().find("served after"), std::string::npos);
  testing::RawConnection fresh(server.port());
  ASSERT_TRUE(fresh.send(post("fresh", "text/xml")));
  EXPECT_NE(fresh.readResponse().find("served fresh"), std::string::npos);
  server.stop();
}

}  // namespace
}  // namespace renkei
