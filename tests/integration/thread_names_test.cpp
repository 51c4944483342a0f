// A running listener's threads are named for what they do, as `top -H -p $(pidof renkei)` and
// /proc/PID/task/*/comm show them: one event loop, the configured number of workers. GETs are
// answered on the loop, POSTs on a worker (request_handler.h), and each says where it ran.
#include <dirent.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "broker/core/soap_fault_writer.h"
#include "broker/core/thread_name.h"
#include "broker/server/http_server.h"
#include "tests/integration/support/raw_connection.h"

namespace renkei {
namespace {

HttpReply textReply(std::string body) {
  HttpReply reply;
  reply.status = 200;
  reply.content_type = "text/plain";
  reply.body = std::move(body);
  return reply;
}

class WhereAmIHandler : public RequestHandler {
 public:
  HttpReply handlePost(HttpRequest) override { return textReply("on " + thisThreadName()); }
  HttpReply handleGet(const std::string&, const std::string&) override {
    return textReply("on " + thisThreadName());
  }
  HttpReply refuse(FaultCode code, const std::string& reason, const HttpRequest&) override {
    return soapFaultReply(SoapVersion::k11, faultOf(code, reason), "");
  }
  HttpReply overloaded(const HttpRequest&) override {
    return soapFaultReply(SoapVersion::k11, faultOf(FaultCode::kOverloaded, "busy"), "");
  }
};

// How many of this process's threads carry each name.
std::map<std::string, int> threadNamesOfThisProcess() {
  std::map<std::string, int> names;
  DIR* tasks = opendir("/proc/self/task");
  if (tasks == nullptr) return names;
  while (const dirent* task = readdir(tasks)) {
    if (task->d_name[0] == '.') continue;
    std::ifstream comm(std::string("/proc/self/task/") + task->d_name + "/comm");
    std::string name;
    if (std::getline(comm, name)) ++names[name];
  }
  closedir(tasks);
  return names;
}

std::string bodyOf(const std::string& response) {
  const auto at = response.find("\r\n\r\n");
  return at == std::string::npos ? response : response.substr(at + 4);
}

TEST(ThreadNames, TheListenerShowsOneLoopAndItsWorkersEachDoingItsPart) {
  const auto before = threadNamesOfThisProcess();
  WhereAmIHandler handler;
  HttpServerOptions options;
  options.port = 0;
  options.worker_threads = 3;
  HttpServer server(options, handler);
  server.start();

  // Counted against what was running before, should the process hold other listeners. A new
  // thread names itself as it starts, a moment after start() returns.
  std::map<std::string, int> after;
  auto added = [&](const std::string& name) {
    const auto was = before.find(name);
    return after[name] - (was == before.end() ? 0 : was->second);
  };
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (true) {
    after = threadNamesOfThisProcess();
    const bool all_named = added("renkei-loop") >= 1 && added("renkei-worker") >= 3;
    if (all_named || std::chrono::steady_clock::now() >= give_up) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(added("renkei-loop"), 1);
  EXPECT_EQ(added("renkei-worker"), 3);

  testing::RawConnection connection(server.port());
  ASSERT_TRUE(connection.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  EXPECT_EQ(bodyOf(connection.readResponse()), "on renkei-loop");
  const std::string body = "<x/>";
  ASSERT_TRUE(
      connection.send("POST /services/X HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
                      "Content-Length: " +
                      std::to_string(body.size()) + "\r\n\r\n" + body));
  EXPECT_EQ(bodyOf(connection.readResponse()), "on renkei-worker");
  server.stop();
}

}  // namespace
}  // namespace renkei
