#include "broker/config/config_loader.h"

#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <xercesc/dom/DOM.hpp>

#include "broker/config/config_attr.h"
#include "broker/config/federation_reader.h"
#include "broker/config/link_element.h"
#include "broker/config/rest_reader.h"
#include "broker/core/tenant_code.h"
#include "broker/registry/link_governance.h"
#include "broker/registry/link_rules.h"
#include "broker/tls/client_tls_check.h"
#include "broker/tls/peer_certificate.h"
#include "broker/tls/tls_context.h"
#include "broker/xml/dom_util.h"
#include "broker/xml/hardened_parser.h"
#include "broker/xml/own_file_issue.h"
#include "broker/xml/xerces_runtime.h"

namespace renkei {
namespace {

namespace fs = std::filesystem;
using XERCES_CPP_NAMESPACE::DOMElement;

constexpr const char* kConfigNs = "urn:renkei:config:v1";

// Four per core: enough to keep the cores busy while some wait briefly on units (8 made the
// most exchanges on 2 cores, bench/RESULTS.md 2026-12-04), few enough not to pay a wake-up each.
long defaultActiveWorkers() {
  const long cores = static_cast<long>(std::thread::hardware_concurrency());
  return 4 * (cores > 0 ? cores : 2);
}

using config::attr;
using config::attrNumber;
using config::lineOf;
using config::resolvePath;

std::vector<std::string> splitWords(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

}  // namespace

Link linkFromElement(const DOMElement* l) {
  Link link;
  link.sender = attr(l, "sender");
  link.receiver = attr(l, "receiver");
  link.service_name = attr(l, "service");
  link.service_version = attr(l, "version");
  link.purpose_code = attr(l, "purpose");
  link.purpose_name = attr(l, "purposeName");
  link.legal_basis = attr(l, "legalBasis");
  parseLinkStatus(attr(l, "status"), &link.status);
  link.valid_from = attr(l, "validFrom");
  link.valid_to = attr(l, "validTo");
  link.cross_tenant = attr(l, "crossTenant") == "true" || attr(l, "crossTenant") == "1";
  link.data_items = attr(l, "dataItems");
  link.department = attr(l, "department");
  link.vendor = attr(l, "vendor");
  link.review_date = attr(l, "reviewDate");
  link.note = attr(l, "note");
  return link;
}

namespace {

class ConfigReader {
 public:
  ConfigReader(std::string file, fs::path dir, const std::string& text)
      : file_(std::move(file)), dir_(std::move(dir)), text_(text) {}

  BrokerConfig read(const DOMElement* root) {
    BrokerConfig config;
    config.source_file = file_;
    const DOMElement* listen = xml::findChild(root, kConfigNs, "listen");
    readListen(listen, config);
    config.listen_tls = readServerTls(xml::findChild(listen, kConfigNs, "tls"), "listen");
    const DOMElement* store = xml::findChild(root, kConfigNs, "store");
    config.store_kind = attr(store, "kind");
    config.registry_poll_ms = attrNumber(store, "registryPollMs", 250);
    config.audit_timeout_ms = attrNumber(store, "auditTimeoutMs", 3000);
    config.audit_commit_delay_us = attrNumber(store, "auditCommitDelayMicros", 500);
    if (2L * config.audit_commit_delay_us > 1000L * config.audit_timeout_ms) {
      // Callers would give up (Server.AuditUnavailable) while the commit waits for companions.
      fail("element store", "auditCommitDelayMicros=\"" +
                                std::to_string(config.audit_commit_delay_us) +
                                "\" must be at most half of auditTimeoutMs (" +
                                std::to_string(config.audit_timeout_ms) + " ms)");
    }
    if (config.store_kind == "sqlite") {
      if (attr(store, "path").empty())
        fail("element store", "kind=\"sqlite\" needs a path attribute");
      config.store_path = resolvePath(dir_, attr(store, "path"));
    } else {
      config.store_conninfo = attr(store, "conninfo");
      config.store_migrate_conninfo = attr(store, "migrateConninfo");
      if (config.store_conninfo.empty()) {
        fail("element store", "kind=\"postgresql\" needs a conninfo attribute");
      }
    }
    readAudit(xml::findChild(root, kConfigNs, "audit"), config);
    if (const DOMElement* archive = xml::findChild(root, kConfigNs, "archive")) {
      // Both attributes are required by the schema; relative to this file like every path.
      config.archive_dir = resolvePath(dir_, attr(archive, "dir"));
      config.archive_key = resolvePath(dir_, attr(archive, "keyFile"));
    }
    if (const DOMElement* admin = xml::findChild(root, kConfigNs, "admin")) {
      config.admin_enabled = attr(admin, "enabled", "true") == "true";
      config.admin_host = attr(admin, "host", "127.0.0.1");
      config.admin_port = attrNumber(admin, "port", 8081);
      config.admin_tls = readServerTls(xml::findChild(admin, kConfigNs, "tls"), "admin");
      config.admin_allowed_hosts = splitWords(attr(admin, "allowedHosts"));
    }
    if (config.admin_allowed_hosts.empty()) {
      config.admin_allowed_hosts = {"localhost", "127.0.0.1", "::1"};
      if (config.admin_host != "0.0.0.0" && config.admin_host != "::" &&
          config.admin_host != "127.0.0.1" && config.admin_host != "localhost") {
        config.admin_allowed_hosts.push_back(config.admin_host);
      }
    }
    if (const DOMElement* limits = xml::findChild(root, kConfigNs, "limits")) {
      config.max_message_bytes = attrNumber(limits, "maxMessageBytes", 4 << 20);
      config.max_depth = attrNumber(limits, "maxDepth", 64);
      config.max_attributes = attrNumber(limits, "maxAttributes", 64);
    }
    if (const DOMElement* fwd = xml::findChild(root, kConfigNs, "forwarding")) {
      config.connect_timeout_ms = attrNumber(fwd, "connectTimeoutMs", 2000);
      config.timeout_ms = attrNumber(fwd, "timeoutMs", 10000);
      config.max_response_bytes = attrNumber(fwd, "maxResponseBytes", 8 << 20);
      config.max_concurrent_per_receiver = attrNumber(fwd, "maxConcurrentPerReceiver", 16);
      config.max_queued_per_receiver = attrNumber(fwd, "maxQueuedPerReceiver", 32);
      config.breaker_failures = attrNumber(fwd, "breakerFailures", 5);
      config.breaker_open_ms = attrNumber(fwd, "breakerOpenMs", 5000);
      config.forward_tls = readClientTls(xml::findChild(fwd, kConfigNs, "tls"));
    }
    if (const DOMElement* replay = xml::findChild(root, kConfigNs, "replay")) {
      const std::string enabled = attr(replay, "enabled", "true");
      config.replay_check = enabled != "false" && enabled != "0";
      config.max_clock_skew_s = attrNumber(replay, "maxClockSkewSeconds", 300);
    }
    if (const DOMElement* log = xml::findChild(root, kConfigNs, "log")) {
      const std::string access = attr(log, "access");
      config.access_log = access.empty() || access == "stderr" ? access : resolvePath(dir_, access);
    }
    const DOMElement* schemas = xml::findChild(root, kConfigNs, "schemas");
    config.xsd_dir = resolvePath(dir_, attr(schemas, "xsdDir"));
    config.wsdl_dir = resolvePath(dir_, attr(schemas, "wsdlDir"));
    const std::string validate = attr(schemas, "validate", "true");
    config.validate_messages = validate != "false" && validate != "0";
    readNotifications(xml::findChild(root, kConfigNs, "notifications"), config.notify);
    readServices(xml::findChild(root, kConfigNs, "services"), config);
    const ConfigSource source{file_, dir_, text_};
    config.federation = readFederation(xml::findChild(root, kConfigNs, "federation"), source);
    readUnits(xml::findChild(root, kConfigNs, "units"), config);
    fitUnitsToFederation(config.federation, config.registry.units, config.unit_identities, source);
    config.rest = readRest(xml::findChild(root, kConfigNs, "rest"), config.registry.units, source);
    readSignatures(root, config.signatures);
    for (const DOMElement* s : xml::childElements(xml::findChild(root, kConfigNs, "privacy"))) {
      config.sensitive_elements.push_back({attr(s, "ns"), attr(s, "element")});
    }
    readMyNumber(xml::findChild(root, kConfigNs, "mynumber"), config);
    readLinks(xml::findChild(root, kConfigNs, "links"), config);
    return config;
  }

 private:
  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw ConfigError(file_ + ": " + where + ": " + what);
  }

  void readListen(const DOMElement* listen, BrokerConfig& config) {
    config.listen_host = attr(listen, "host", "127.0.0.1");
    config.listen_port = attrNumber(listen, "port", 8080);
    config.workers = attrNumber(listen, "workers", 64);
    config.active_workers = attrNumber(listen, "activeWorkers", defaultActiveWorkers());
    config.queue_capacity = attrNumber(listen, "queue", 256);
    config.idle_timeout_s = attrNumber(listen, "idleTimeoutSeconds", 30);
    config.request_timeout_ms = attrNumber(listen, "requestTimeoutMs", 10000);
    config.max_queue_wait_ms = attrNumber(listen, "maxQueueWaitMs", 2000);
    config.max_connections = attrNumber(listen, "maxConnections", 10000);
    config.max_connections_per_peer = attrNumber(listen, "maxConnectionsPerPeer", 2000);
  }

  // The instance id defaults to host name and port: unique among brokers sharing one store,
  // and stable across restarts, so the trail can say which instance handled an exchange.
  void readAudit(const DOMElement* audit, BrokerConfig& config) {
    config.instance_id = audit ? attr(audit, "instanceId") : std::string();
    if (config.instance_id.empty()) {
      char host[256] = {};
      if (gethostname(host, sizeof host - 1) != 0 || host[0] == '\0')
        std::snprintf(host, sizeof host, "localhost");
      config.instance_id = std::string(host) + ":" + std::to_string(config.listen_port);
    }
    if (!audit) return;
    if (!attr(audit, "checkpointKey").empty()) {
      config.checkpoint_key = resolvePath(dir_, attr(audit, "checkpointKey"));
    }
    config.checkpoint_every_records = attrNumber(audit, "checkpointEveryRecords", 1000);
    config.checkpoint_every_seconds = attrNumber(audit, "checkpointEverySeconds", 60);
    config.tsa_url = attr(audit, "tsaUrl");
    config.tsa_timeout_ms = attrNumber(audit, "tsaTimeoutMs", 5000);
  }

  void readNotifications(const DOMElement* n, NotifyConfig& notify) {
    if (!n) return;
    notify.max_attempts = attrNumber(n, "maxAttempts", notify.max_attempts);
    notify.dead_letter_after_hours =
        attrNumber(n, "deadLetterAfterHours", notify.dead_letter_after_hours);
    notify.retry_base_ms = attrNumber(n, "retryBaseMs", notify.retry_base_ms);
    notify.retry_max_ms = attrNumber(n, "retryMaxMs", notify.retry_max_ms);
    notify.workers = attrNumber(n, "workers", notify.workers);
    notify.max_in_flight_per_receiver =
        attrNumber(n, "maxInFlightPerReceiver", notify.max_in_flight_per_receiver);
    notify.poll_ms = attrNumber(n, "pollMs", notify.poll_ms);
    if (notify.retry_max_ms < notify.retry_base_ms) {
      fail("element notifications", "retryMaxMs is below retryBaseMs");
    }
  }

  void readServices(const DOMElement* services, BrokerConfig& config) {
    RegistrySnapshot& registry = config.registry;
    std::set<std::string> seen;
    for (const DOMElement* s : xml::childElements(services)) {
      ServiceDef def;
      def.name = attr(s, "name");
      def.version = attr(s, "version");
      def.wsdl_file = attr(s, "wsdl");
      const DOMElement* request = xml::findChild(s, kConfigNs, "request");
      const DOMElement* response = xml::findChild(s, kConfigNs, "response");
      def.request_ns = attr(request, "ns");
      def.request_element = attr(request, "element");
      def.response_ns = attr(response, "ns");
      def.response_element = attr(response, "element");
      if (!seen.insert(def.name + ":" + def.version).second) {
        fail("service " + def.name + " v" + def.version, "declared twice");
      }
      const DOMElement* subject = xml::findChild(s, kConfigNs, "subject");
      if (attr(s, "kind") == "notification") {
        config.notify.topics.push_back({def.name, def.version,
                                        subject ? attr(subject, "ns") : std::string(),
                                        subject ? attr(subject, "element") : std::string()});
      } else if (subject) {
        fail("service " + def.name + " v" + def.version,
             "<subject> is only for kind=\"notification\"");
      }
      registry.services.push_back(std::move(def));
    }
  }

  // "config/renkei.xml:12: element <tls> in <listen>: attribute key: ..."
  [[noreturn]] void failAt(const std::string& attribute, const std::string& raw_value,
                           const std::string& element, const std::string& what) const {
    const int line = lineOf(text_, attribute, raw_value);
    throw ConfigError(file_ + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " +
                      element + ": attribute " + attribute + ": " + what);
  }

  void readMyNumber(const DOMElement* mynumber, BrokerConfig& config) {
    if (mynumber == nullptr) return;
    const std::string unit = attr(mynumber, "gatewayUnit");
    const long years = attrNumber(mynumber, "recordRetentionYears", 7);
    // Checked here rather than by a schema facet, so the error names the attribute.
    if (years < 1 || years > 100) {
      failAt("recordRetentionYears", std::to_string(years), "element <mynumber>",
             "the 情報提供等記録 are kept 1 to 100 years (番号法施行令第29条: 7), not " +
                 std::to_string(years));
    }
    config.mynumber_record_retention_years = static_cast<int>(years);
    for (const Unit& u : config.registry.units) {
      if (u.id == unit) {
        config.mynumber_gateway_unit = unit;
        const std::string records = attr(mynumber, "recordsEndpoint");
        config.mynumber_records_endpoint = records.empty() ? u.endpoint : records;
        return;
      }
    }
    failAt("gatewayUnit", unit, "element <mynumber>",
           "unit " + unit + " is not declared under <units>");
  }

  TlsServerSettings readServerTls(const DOMElement* tls, const std::string& owner) {
    TlsServerSettings settings;
    if (!tls) return settings;
    settings.enabled = true;
    const std::map<std::string, std::string> raw = {{"key", attr(tls, "key")},
                                                    {"certificate", attr(tls, "certificate")},
                                                    {"ca", attr(tls, "ca")},
                                                    {"crl", attr(tls, "crl")}};
    auto path = [&](const char* name) {
      const std::string& value = raw.at(name);
      return value.empty() ? value : resolvePath(dir_, value);
    };
    settings.certificate_file = path("certificate");
    settings.key_file = path("key");
    settings.ca_file = path("ca");
    settings.crl_file = path("crl");
    parseClientCertificateMode(attr(tls, "clientCertificate", "none"),
                               &settings.client_certificates);
    try {
      TlsContext::create(settings);  // the same checks the listener makes when it starts
    } catch (const TlsError& e) {
      const std::string message = e.what();
      // The attribute whose file the message names (the key first: a mismatch names both).
      for (const char* name : {"key", "certificate", "ca", "crl"}) {
        if (!raw.at(name).empty() && message.find(path(name)) != std::string::npos) {
          failAt(name, raw.at(name), "element <tls> in <" + owner + ">", message);
        }
      }
      failAt("certificate", raw.at("certificate"), "element <tls> in <" + owner + ">", message);
    }
    return settings;
  }

  TlsClientSettings readClientTls(const DOMElement* tls) {
    TlsClientSettings settings;
    if (!tls) return settings;
    const std::map<std::string, std::string> raw = {{"key", attr(tls, "key")},
                                                    {"certificate", attr(tls, "certificate")},
                                                    {"ca", attr(tls, "ca")}};
    auto path = [&](const char* name) {
      const std::string& value = raw.at(name);
      return value.empty() ? value : resolvePath(dir_, value);
    };
    settings.ca_file = path("ca");
    settings.certificate_file = path("certificate");
    settings.key_file = path("key");
    try {
      checkClientTlsFiles(settings);
    } catch (const TlsError& e) {
      const std::string message = e.what();
      for (const char* name : {"key", "certificate", "ca"}) {
        if (!raw.at(name).empty() && message.find(path(name)) != std::string::npos) {
          failAt(name, raw.at(name), "element <tls> in <forwarding>", message);
        }
      }
      throw ConfigError(file_ + ": element <tls> in <forwarding>: " + message);
    }
    return settings;
  }

  UnitIdentity readUnitIdentity(const DOMElement* u, const Unit& unit) {
    UnitIdentity identity;
    identity.unit_id = unit.id;
    const std::string where = "element <unit id=\"" + unit.id + "\">";
    parseConnectionPolicy(attr(u, "connection", "plain"), &identity.policy);
    const std::string fingerprint = attr(u, "certificateSha256");
    if (!fingerprint.empty()) {
      auto canonical = normalizeSha256Fingerprint(fingerprint);
      if (!canonical) failAt("certificateSha256", fingerprint, where, "not a SHA-256 fingerprint");
      identity.cert_sha256 = *canonical;
    }
    identity.cert_subject = attr(u, "certificateSubject");
    identity.pinned_public_key = attr(u, "pinnedPublicKey");
    if (identity.policy == ConnectionPolicy::kMtls && identity.cert_sha256.empty() &&
        identity.cert_subject.empty()) {
      failAt("connection", "mtls", where,
             "connection=\"mtls\" needs certificateSha256 or certificateSubject: the "
             "certificate that identifies the unit");
    }
    if (identity.policy != ConnectionPolicy::kMtls &&
        (!identity.cert_sha256.empty() || !identity.cert_subject.empty())) {
      failAt(fingerprint.empty() ? "certificateSubject" : "certificateSha256",
             fingerprint.empty() ? identity.cert_subject : fingerprint, where,
             "a certificate is bound to a unit whose connection is not \"mtls\"");
    }
    if (!identity.pinned_public_key.empty() && unit.endpoint.rfind("https://", 0) != 0) {
      failAt("pinnedPublicKey", identity.pinned_public_key, where,
             "a public-key pin needs an https endpoint");
    }
    return identity;
  }

  void checkIdentities(const BrokerConfig& config) const {
    std::map<std::string, std::string> holders;
    for (const UnitIdentity& identity : config.unit_identities) {
      if (identity.policy != ConnectionPolicy::kMtls) continue;
      if (!config.listen_tls.enabled ||
          config.listen_tls.client_certificates == ClientCertificateMode::kNone) {
        failAt("connection", "mtls", "element <unit id=\"" + identity.unit_id + "\">",
               "connection=\"mtls\", but <listen> has no <tls clientCertificate=\"optional\"> "
               "or \"required\": the unit could never authenticate");
      }
      for (const std::string& key : {identity.cert_sha256, "subject:" + identity.cert_subject}) {
        if (key.empty() || key == "subject:") continue;
        auto [it, fresh] = holders.emplace(key, identity.unit_id);
        if (!fresh) {
          throw ConfigError(file_ + ": units " + it->second + " and " + identity.unit_id +
                            " are bound to the same client certificate");
        }
      }
    }
  }

  void readUnits(const DOMElement* units, BrokerConfig& config) {
    RegistrySnapshot& registry = config.registry;
    for (const DOMElement* u : xml::childElements(units)) {
      Unit unit;
      unit.id = attr(u, "id");
      unit.tenant = std::string(tenantOfUnit(unit.id));
      unit.name = attr(u, "name");
      unit.endpoint = attr(u, "endpoint");
      unit.owner = attr(u, "owner");
      if (unit.id.substr(unit.id.find('/') + 1) == kSubscribersLocalName) {
        fail("unit " + unit.id + " (attribute id)",
             "the local name \"subscribers\" is reserved: TENANT/subscribers addresses every "
             "subscriber of a notification topic");
      }
      if (!isValidTenantCode(unit.tenant)) {
        fail("unit " + unit.id + " (attribute id)",
             "tenant code " + unit.tenant + " has a wrong check digit (全国地方公共団体コード)");
      }
      config.unit_identities.push_back(readUnitIdentity(u, unit));
      registry.units.push_back(std::move(unit));
    }
    checkIdentities(config);
  }

  // <signatures caFile crlFile maxClockSkewSeconds> and <unit signingCertSha256>.
  void readSignatures(const DOMElement* root, SignatureConfig& signatures) {
    if (const DOMElement* s = xml::findChild(root, kConfigNs, "signatures")) {
      signatures.ca_file = resolvePath(dir_, attr(s, "caFile"));
      if (!attr(s, "crlFile").empty()) signatures.crl_file = resolvePath(dir_, attr(s, "crlFile"));
      signatures.max_clock_skew_s = attrNumber(s, "maxClockSkewSeconds", 300);
      if (attr(s, "signKeyFile").empty() != attr(s, "signCertFile").empty()) {
        fail("element signatures", "signKeyFile and signCertFile must be given together");
      }
      if (!attr(s, "signKeyFile").empty()) {
        signatures.broker_key_file = resolvePath(dir_, attr(s, "signKeyFile"));
        signatures.broker_cert_file = resolvePath(dir_, attr(s, "signCertFile"));
      }
    }
    for (const DOMElement* u : xml::childElements(xml::findChild(root, kConfigNs, "units"))) {
      std::string sha256;
      // "AB:CD:..." as `openssl x509 -fingerprint -sha256` prints it, or plain hex.
      for (char c : attr(u, "signingCertSha256")) {
        if (c != ':')
          sha256.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      }
      if (!sha256.empty()) signatures.unit_cert_sha256[attr(u, "id")] = sha256;
    }
  }

  void readLinks(const DOMElement* links, BrokerConfig& config) {
    RegistrySnapshot& registry = config.registry;
    if (const std::string words = attr(links, "legalBasisPlaceholders"); !words.empty()) {
      config.governance.legal_basis_placeholders =
          LegalBasisPlaceholders(parseLegalBasisPlaceholders(words));
    }
    const std::string default_approver = attr(links, "approver");
    std::set<std::string> seen;
    int index = 0;
    for (const DOMElement* l : xml::childElements(links)) {
      ++index;
      Link link = linkFromElement(l);
      const std::string where = "link #" + std::to_string(index) + " (" + link.sender + " -> " +
                                link.receiver + ", " + link.service_name + ")";
      // Optional in the schema because a standalone <links> document (import) may leave it out;
      // a configuration must still say what a seeded link starts as.
      if (attr(l, "status").empty()) {
        fail(where, "needs a status attribute (proposed, approved, active, suspended or retired)");
      }
      if (auto violation = checkLinkRules(link, registry)) {
        fail(where, "attribute " + violation->field + " " + violation->message);
      }
      const std::string key = link.sender + "|" + link.receiver + "|" + link.service_name + "|" +
                              link.service_version + "|" + link.purpose_code;
      if (!seen.insert(key).second) fail(where, "the same link is declared twice");
      seedAsGoverned(link, attr(l, "approver", default_approver), where, config);
      registry.links.push_back(std::move(link));
    }
  }

  // The configuration vouches for a link it declares beyond proposed only with an approver's
  // name and a real legal basis; otherwise the link is seeded as proposed and waits for
  // someone to approve it, and the operator is told which link and why.
  void seedAsGoverned(Link& link, const std::string& approver, const std::string& where,
                      BrokerConfig& config) const {
    link.approver = link.status == LinkStatus::kProposed ? "" : approver;
    if (auto refusal = seedingRefusal(link, config.governance)) {
      config.unvouched_links.push_back(
          {config.registry.links.size(), link.status, file_ + ": " + where, *refusal});
      link.status = LinkStatus::kProposed;
      link.approver.clear();
    }
  }

  std::string file_;
  fs::path dir_;
  const std::string& text_;
};

}  // namespace

std::string configSchemaDir() {
  if (const char* dir = std::getenv("RENKEI_XSD_DIR"); dir && *dir) return dir;
  return RENKEI_DEFAULT_XSD_DIR;
}

const xml::SchemaSet& configSchemaSet() {
  try {
    static const xml::SchemaSet schemas =
        xml::SchemaSet::loadFiles({fs::path(configSchemaDir()) / "config.xsd"});
    return schemas;
  } catch (const xml::SchemaLoadError& e) {
    throw ConfigError(std::string("cannot load the configuration schema: ") + e.what());
  }
}

BrokerConfig loadBrokerConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot open the configuration file");
  std::ostringstream bytes;
  bytes << in.rdbuf();

  const xml::SchemaSet* schemas = &configSchemaSet();
  xml::ParserLimits limits;
  limits.max_depth = 16;
  limits.max_attributes = 32;
  xml::ParseResult parsed = xml::HardenedParser::forThisThread(*schemas, limits).parse(bytes.str());
  if (!parsed.ok()) {
    const FaultInfo& f = *parsed.fault;
    throw ConfigError(path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " +
                      f.reason);
  }
  const DOMElement* root = parsed.document->root();
  if (!xml::isElement(root, kConfigNs, "renkei")) {
    throw ConfigError(path + ": the root element must be {" + std::string(kConfigNs) +
                      "}renkei, found " + xml::qualifiedName(root));
  }
  if (!parsed.document->issues().empty()) {
    const xml::ValidationIssue& issue = parsed.document->issues().front();
    std::string message = path + ":" + std::to_string(issue.line) + ":" +
                          std::to_string(issue.column) + ": " +
                          xml::describeOwnFileIssue(issue, root);
    const size_t more = parsed.document->issues().size() - 1;
    if (more > 0) message += " (and " + std::to_string(more) + " more)";
    throw ConfigError(message);
  }
  const std::string text = bytes.str();
  return ConfigReader(path, fs::absolute(path).parent_path(), text).read(root);
}

}  // namespace renkei
