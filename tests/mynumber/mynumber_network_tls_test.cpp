// The My Number gateway and the network side mutually authenticated (docs/mynumber.md,
// "Network-side authentication"): the real `renkei serve`, the real gateway and the stand-in
// network, each with a certificate from a throw-away CA. The gateway's 照会 goes to the network
// over TLS checking its certificate; the network's 情報提供 reaches the gateway only on its TLS
// listener with the network's certificate. Callers without it are refused, and recorded when
// their request could be read. Start-up refuses missing or mismatched files and plain HTTP not
// chosen explicitly.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <unistd.h>

#include <chrono>
#include <sstream>
#include <thread>
#include <vector>

#include "tests/integration/support/broker_process.h"
#include "tests/integration/support/handshaken_tls_connection.h"
#include "tests/integration/support/notify_setup.h"
#include "tests/integration/support/raw_connection.h"
#include "tests/integration/support/renkei_command.h"
#include "tests/integration/support/soap_client.h"
#include "tests/integration/support/sqlite_count.h"
#include "tests/integration/support/tls_client.h"
#include "tests/integration/support/unit_process.h"
#include "tests/support/test_pki.h"

namespace renkei::testing {
namespace {

constexpr const char* kServices = R"(
    <service name="JohoShokai" version="1" wsdl="mynumber-gateway.wsdl">
      <request ns="urn:renkei:mynumber:gateway:v1" element="JohoShokaiRequest"/>
      <response ns="urn:renkei:mynumber:gateway:v1" element="JohoShokaiResponse"/>
    </service>
    <service name="FugoShutoku" version="1" wsdl="mynumber-gateway.wsdl">
      <request ns="urn:renkei:mynumber:gateway:v1" element="FugoShutokuRequest"/>
      <response ns="urn:renkei:mynumber:gateway:v1" element="FugoShutokuResponse"/>
    </service>
  </services>)";

constexpr const char* kLinks = R"(
    <link sender="062022/kokuho" receiver="062022/mynumber-gw" service="JohoShokai" version="1"
          purpose="KOKUHO-HOKENRYO" purposeName="国民健康保険料の賦課に関する事務"
          legalBasis="番号法第19条第8号" status="active"/>
    <link sender="062022/juki" receiver="062022/mynumber-gw" service="FugoShutoku" version="1"
          purpose="JUKI-FUGO" purposeName="符号の取得に関する事務"
          legalBasis="番号法第19条第8号" status="active"/>
  </links>)";

const std::string kGatewayExe =
    std::string(RENKEI_BINARY_DIR) + "/adapters/mynumber/renkei-mynumber-gateway";

// Runs the gateway to its exit (a start-up that fails) and returns what it printed.
CommandOutput gatewayStartUp(const std::string& args) {
  return runCommand(kGatewayExe + " " + args);
}

class MyNumberNetworkTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    pki_ = new TestPki();
    issue("network", "/O=J-LIS/CN=127.0.0.1");
    issue("gateway", "/O=Yonezawa City/CN=127.0.0.1");
    // From the right CA, but not the network: another institution's own gateway.
    issue("impostor", "/O=Yamagata City/CN=062014-gw");
  }
  static void TearDownTestSuite() { delete pki_; }
  // <name>.crt / <name>.key from the units CA, naming the loopback address as well.
  static void issue(const std::string& name, const std::string& subject) {
    pki_->run("printf 'subjectAltName=DNS:127.0.0.1,IP:127.0.0.1\\n' > " + name + ".ext");
    pki_->run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '" + subject +
              "' -keyout " + name + ".key -out " + name + ".csr");
    pki_->run("openssl x509 -req -in " + name + ".csr -CA ca.crt -CAkey ca.key -CAcreateserial " +
              "-days 30 -sha256 -extfile " + name + ".ext -out " + name + ".crt");
  }

  void SetUp() override {
    gateway_port_ = reservedLoopbackPort();
    listen_port_ = reservedLoopbackPort();
    BrokerSetup setup;
    setup.timeout_ms = 8000;
    setup.endpoints = {{"062022/mynumber-gw", gatewayUrl()}};
    setup.config_edits = {
        {"  </services>", kServices},
        {"  </units>",
         "    <unit id=\"062022/mynumber-gw\" name=\"マイナンバー連携ゲートウェイ\" endpoint=\"" +
             gatewayUrl() + "\" owner=\"米沢市 情報政策課\" connection=\"plain\"/>\n  </units>"},
        {"  </links>", kLinks},
        {"  <services>", "  <mynumber gatewayUnit=\"062022/mynumber-gw\"/>\n  <services>"}};
    broker_ = std::make_unique<BrokerProcess>(setup);
    const CommandOutput load =
        runRenkeiCommand("mynumber rules load " + std::string(RENKEI_SOURCE_DIR) +
                         "/examples/mynumber/purpose-rules.xml --actor 情報政策課 --config " +
                         broker_->configPath());
    ASSERT_EQ(load.status, 0) << load.text;
    network_ = std::make_unique<UnitProcess>(
        "mynumber_network",
        std::vector<std::string>{"--tls-cert", pki_->crt("network"), "--tls-key",
                                 pki_->key("network"), "--tls-ca", pki_->crt("ca"), "--provider",
                                 "062022=https://127.0.0.1:" + std::to_string(listen_port_) + "/"});
    db_ = std::string(dir_) + "/gateway.db";
    log_ = std::string(dir_) + "/gateway.log";
  }
  void TearDown() override { stopProcess(gateway_pid_, SIGTERM); }

  // The gateway with its certificate, trusting `ca` for the network's; `extra` options after
  // the usual ones, `launcher` (e.g. prlimit and its options) before the executable.
  void startGateway(const std::string& ca = "ca", const std::vector<std::string>& extra = {},
                    const std::vector<std::string>& launcher = {}) {
    std::vector<std::string> args = launcher;
    const std::vector<std::string> usual = {kGatewayExe,
                                            "--port",
                                            std::to_string(gateway_port_),
                                            "--db",
                                            db_,
                                            "--config",
                                            broker_->configPath(),
                                            "--network",
                                            networkUrl(),
                                            "--network-timeout-ms",
                                            "3000",
                                            "--network-cert",
                                            pki_->crt("gateway"),
                                            "--network-key",
                                            pki_->key("gateway"),
                                            "--network-ca",
                                            pki_->crt(ca),
                                            "--network-listen-port",
                                            std::to_string(listen_port_)};
    args.insert(args.end(), usual.begin(), usual.end());
    args.insert(args.end(), extra.begin(), extra.end());
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    gateway_pid_ = spawn(args, out[1], log_);
    close(out[1]);
    const std::string line = firstLine(out[0]);
    close(out[0]);
    ASSERT_NE(line.find("listening on"), std::string::npos) << readTextFile(log_);
  }
  std::string gatewayUrl() const {
    return "http://127.0.0.1:" + std::to_string(gateway_port_) + "/";
  }
  std::string networkUrl() const {
    return "https://127.0.0.1:" + std::to_string(network_->port()) + "/network";
  }
  HttpAnswer viaBroker(const std::string& traffic, const std::string& service,
                       const std::map<std::string, std::string>& fields) {
    std::string body = trafficFileAsIs(traffic);
    for (const auto& [element, text] : fields) body = withElementText(body, element, text);
    return client_.postAsIs(broker_->url("/services/" + service), freshMessage(body));
  }
  HttpAnswer obtainFugo() {
    return viaBroker("mynumber-fugo-shutoku.juki-to-gateway.xml", "FugoShutoku",
                     {{"AtenaNo", "000000000000101"}, {"JuminhyoCode", "12345678901"}});
  }
  // The network's 情報提供 request for person 000000000000101, by 米沢市's 符号 (as the gateway
  // keeps it), from 山形市 for 国保 保険料賦課.
  std::string provisionRequest() {
    sqlite3* db = nullptr;
    std::string fugo;
    if (sqlite3_open_v2(db_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_stmt* stmt = nullptr;
      sqlite3_prepare_v2(db, "SELECT fugo FROM fugo_map WHERE atena_no = '000000000000101'", -1,
                         &stmt, nullptr);
      if (sqlite3_step(stmt) == SQLITE_ROW)
        fugo = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                  xmlns:mnn="urn:renkei:mynumber:network:v1"><soapenv:Body>
<mnn:NetJohoTeikyoRequest><mnn:ShokaiNo>062014-2026-000900</mnn:ShokaiNo>
<mnn:ShokaishaCode>062014</mnn:ShokaishaCode><mnn:TeikyoshaCode>062022</mnn:TeikyoshaCode>
<mnn:JimuCode>JM0030</mnn:JimuCode><mnn:JimuTetsuzukiCode>JM0030-01</mnn:JimuTetsuzukiCode>
<mnn:Fugo>)" +
           fugo +
           R"(</mnn:Fugo><mnn:TokuteiKojinJohoMeiCode>TM00000000000021</mnn:TokuteiKojinJohoMeiCode>
</mnn:NetJohoTeikyoRequest></soapenv:Body></soapenv:Envelope>)";
  }
  std::string listenerUrl() const {
    return "https://127.0.0.1:" + std::to_string(listen_port_) + "/";
  }
  TlsClientFiles networkFiles() const {
    return {pki_->crt("ca"), pki_->crt("network"), pki_->key("network")};
  }
  int64_t refusedRecords() {
    return countIn(db_, "SELECT count(*) FROM provision_records WHERE result = '拒否'");
  }

  static TestPki* pki_;
  TempDir dir_;
  int gateway_port_ = 0;
  int listen_port_ = 0;
  pid_t gateway_pid_ = -1;
  std::string db_;
  std::string log_;
  std::unique_ptr<BrokerProcess> broker_;
  std::unique_ptr<UnitProcess> network_;
  SoapClient client_;
};
TestPki* MyNumberNetworkTlsTest::pki_ = nullptr;

TEST_F(MyNumberNetworkTlsTest, AnInquiryGoesToTheNetworkOverMutualTls) {
  startGateway();
  const HttpAnswer fugo = obtainFugo();
  ASSERT_EQ(fugo.status, 200) << fugo.body << readTextFile(log_);
  const HttpAnswer answer = viaBroker("mynumber-joho-shokai.kokuho-to-gateway.xml", "JohoShokai",
                                      {{"AtenaNo", "000000000000101"}});
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_NE(answer.body.find("187200"), std::string::npos) << answer.body;
  EXPECT_NE(readTextFile(log_).find("mutual TLS"), std::string::npos) << readTextFile(log_);
}

TEST_F(MyNumberNetworkTlsTest, ANetworkWhoseCertificateTheGatewayDoesNotTrustGetsNothing) {
  startGateway("other-ca");  // the network's certificate does not chain to it
  const HttpAnswer fugo = obtainFugo();
  EXPECT_EQ(fugo.status, 500) << fugo.body;
  EXPECT_NE(fugo.body.find("Server.NetworkUnavailable"), std::string::npos) << fugo.body;
  EXPECT_NE(fugo.body.find("TLS handshake failed"), std::string::npos) << fugo.body;
}

TEST_F(MyNumberNetworkTlsTest, TheNetworkWithItsCertificateIsProvidedTo) {
  startGateway();
  ASSERT_EQ(obtainFugo().status, 200);
  const HttpAnswer provided =
      tlsRequest(listenerUrl(), provisionRequest(),
                 {pki_->crt("ca"), pki_->crt("network"), pki_->key("network")});
  ASSERT_EQ(provided.status, 200) << provided.body;
  EXPECT_NE(provided.body.find(">F02<"), std::string::npos) << provided.body;  // no 副本 yet

  // The same through the stand-in network, as 山形市 with its own certificate: the network
  // forwards it to the gateway's listener with the network's.
  const TlsClientFiles yamagata{pki_->crt("ca"), pki_->crt("impostor"), pki_->key("impostor")};
  const std::string network = networkUrl();
  std::string ask = readTextFile(std::string(RENKEI_SOURCE_DIR) +
                                 "/examples/mynumber_network/net-fugo-hakko.yamagata.xml");
  const HttpAnswer fugo = tlsRequest(network, ask, yamagata);
  ASSERT_EQ(fugo.status, 200) << fugo.body;
  ask = readTextFile(std::string(RENKEI_SOURCE_DIR) +
                     "/examples/mynumber_network/net-joho-shokai.yamagata-to-yonezawa.xml");
  const HttpAnswer routed =
      tlsRequest(network, withElementText(ask, "Fugo", elementTextOf(fugo.body, "Fugo")), yamagata);
  ASSERT_EQ(routed.status, 200) << routed.body << readTextFile(log_);
  EXPECT_NE(routed.body.find(">F02<"), std::string::npos) << routed.body;
  EXPECT_EQ(countIn(db_, "SELECT count(*) FROM provision_records WHERE provider = '062022'"), 2);
  EXPECT_EQ(refusedRecords(), 0);
}

TEST_F(MyNumberNetworkTlsTest, CallersWithoutTheNetworksCertificateAreRefusedAndRecorded) {
  startGateway();
  ASSERT_EQ(obtainFugo().status, 200);
  // Plain HTTP on the unit port: no certificate at all.
  const HttpAnswer plain = client_.postAsIs(gatewayUrl(), provisionRequest());
  EXPECT_EQ(plain.status, 500) << plain.body;
  EXPECT_NE(plain.body.find("Client.Unauthenticated"), std::string::npos) << plain.body;
  EXPECT_EQ(plain.body.find("TeikyoJoho"), std::string::npos) << plain.body;
  // TLS with a certificate from the right CA that is not the network's.
  const HttpAnswer impostor =
      tlsRequest(listenerUrl(), provisionRequest(),
                 {pki_->crt("ca"), pki_->crt("impostor"), pki_->key("impostor")});
  EXPECT_EQ(impostor.status, 500) << impostor.body;
  EXPECT_NE(impostor.body.find("Client.CertificateRejected"), std::string::npos) << impostor.body;
  EXPECT_NE(impostor.body.find("062014-gw"), std::string::npos) << impostor.body;
  // Both attempts are in the person's 情報提供等記録.
  EXPECT_EQ(refusedRecords(), 2);
  const CommandOutput listed =
      runRenkeiCommand("mynumber records --db " + db_ + " --person 000000000000101 --format json");
  EXPECT_NE(listed.text.find("Client.CertificateRejected"), std::string::npos) << listed.text;

  // A certificate of another CA does not get through the handshake: nothing read, a log line.
  EXPECT_THROW(tlsRequest(listenerUrl(), provisionRequest(),
                          {pki_->crt("ca"), pki_->crt("stranger"), pki_->key("stranger")}),
               std::runtime_error);
  EXPECT_THROW(tlsRequest(listenerUrl(), provisionRequest(), {pki_->crt("ca"), "", ""}),
               std::runtime_error);
  EXPECT_TRUE(eventually(
      [&] { return readTextFile(log_).find("refused a TLS connection") != std::string::npos; }, 5))
      << readTextFile(log_);
  EXPECT_EQ(refusedRecords(), 2);
}

// CPU seconds (user + system) the process has used so far.
double cpuSecondsOf(pid_t pid) {
  const std::string stat = readTextFile("/proc/" + std::to_string(pid) + "/stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

TEST_F(MyNumberNetworkTlsTest, OneHostsConnectionsCannotKeepTheNetworkOut) {
  // Every connection had a thread of its own and nothing bounded them: 150 held open by one host
  // used up the gateway's descriptors (128 here), its accept loop spun on the error, and the
  // network's own 情報提供 waited in the backlog until they closed.
  startGateway("ca", {"--network-max-connections", "32", "--network-max-per-peer", "8"},
               {"/usr/bin/prlimit", "--nofile=128:128"});
  ASSERT_EQ(obtainFugo().status, 200);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 150; ++i) {
    held.push_back(std::make_unique<RawConnection>(listen_port_, "127.0.0.2"));
    if (i % 2 == 0) held.back()->send(kStalledClientHello);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const double cpu_before = cpuSecondsOf(gateway_pid_);
  const auto start = std::chrono::steady_clock::now();
  const HttpAnswer provided = tlsRequest(listenerUrl(), provisionRequest(), networkFiles());
  EXPECT_EQ(provided.status, 200) << provided.body << readTextFile(log_);
  EXPECT_LT(std::chrono::steady_clock::now() - start, scaledDeadline(std::chrono::seconds(3)));
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_LT(cpuSecondsOf(gateway_pid_) - cpu_before, 0.5) << "the gateway spun while they waited";
  EXPECT_NE(readTextFile(log_).find("closed at once since the last note (the latest from "
                                    "127.0.0.2)"),
            std::string::npos)
      << readTextFile(log_);
}

TEST_F(MyNumberNetworkTlsTest, AStalledHandshakeAndATricklingRequestAreCutAtTheDeadline) {
  startGateway("ca", {"--network-request-timeout-ms", "2000"});
  RawConnection stalled(listen_port_);
  ASSERT_TRUE(stalled.send(kStalledClientHello));
  HandshakenTlsConnection trickling(listen_port_, networkFiles());
  ASSERT_TRUE(trickling.established());
  ASSERT_TRUE(trickling.send("POST / HTTP/1.1\r\n"));
  const auto start = std::chrono::steady_clock::now();
  bool closed = false;
  for (int i = 0; i < 80 && !(closed = trickling.closedByPeer(std::chrono::milliseconds(100)));
       ++i) {
    trickling.send("X-Slow: 1\r\n");  // a header line every 100 ms: never silent for long
  }
  EXPECT_TRUE(closed) << "the trickling request was still served after 8 s";
  EXPECT_LT(std::chrono::steady_clock::now() - start, scaledDeadline(std::chrono::seconds(4)));
  EXPECT_TRUE(stalled.closedByPeer(scaledDeadline(std::chrono::seconds(2))));
}

TEST_F(MyNumberNetworkTlsTest, StartUpNamesAMissingOrMismatchedFileAndDemandsAChoiceOfPlainHttp) {
  const std::string base = "--port 0 --db " + db_ + " --config " + broker_->configPath() +
                           " --network " + networkUrl() + " --network-listen-port 0";
  const std::string ca = " --network-ca " + pki_->crt("ca");
  CommandOutput out = gatewayStartUp(base + ca + " --network-cert " + pki_->crt("gateway") +
                                     " --network-key " + pki_->key("impostor"));
  EXPECT_EQ(out.status, 2) << out.text;
  EXPECT_NE(out.text.find("network TLS key file " + pki_->key("impostor") +
                          " does not match the certificate in " + pki_->crt("gateway")),
            std::string::npos)
      << out.text;
  out = gatewayStartUp(base + ca + " --network-cert " + pki_->dir() + "/absent.crt" +
                       " --network-key " + pki_->key("gateway"));
  EXPECT_EQ(out.status, 2) << out.text;
  EXPECT_NE(out.text.find("absent.crt does not exist"), std::string::npos) << out.text;
  out = gatewayStartUp("--port 0 --db " + db_ + " --config " + broker_->configPath() +
                       " --network http://127.0.0.1:9/network");
  EXPECT_EQ(out.status, 2) << out.text;
  EXPECT_NE(out.text.find("--network-plain-http to choose plain HTTP explicitly"),
            std::string::npos)
      << out.text;
}

}  // namespace
}  // namespace renkei::testing
