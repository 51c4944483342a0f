// renkei config check, renkei faults, and the configuration lookup every command shares.
#include <cstdlib>
#include <iostream>

#include "broker/admin/admin_error.h"
#include "broker/cli/commands.h"
#include "broker/cli/signature_summary.h"
#include "broker/config/config_loader.h"
#include "broker/config/host_scope.h"
#include "broker/core/fault_code.h"
#include "broker/store/store_factory.h"
#include "broker/xml/schema_set.h"

namespace renkei::cli {
namespace {

std::string describeTls(const TlsServerSettings& tls) {
  if (!tls.enabled) return "plain HTTP (no <tls>)";
  std::string text = "TLS 1.2+ with " + tls.certificate_file + "; client certificates " +
                     clientCertificateModeName(tls.client_certificates);
  if (!tls.ca_file.empty()) text += ", CA " + tls.ca_file;
  if (!tls.crl_file.empty()) text += ", CRL " + tls.crl_file;
  return text;
}

std::string describeForwardTls(const TlsClientSettings& tls) {
  std::string text = "https CA " + (tls.ca_file.empty() ? "system trust store" : tls.ca_file);
  text += tls.certificate_file.empty() ? ", no client certificate"
                                       : ", client certificate " + tls.certificate_file;
  return text;
}

void printIdentities(const BrokerConfig& config) {
  for (const UnitIdentity& identity : config.unit_identities) {
    std::cout << "  unit     " << identity.unit_id << ": " << connectionPolicyName(identity.policy);
    if (identity.policy == ConnectionPolicy::kPlain) std::cout << " (loopback callers only)";
    if (identity.policy == ConnectionPolicy::kSigned) {
      std::cout << " (refused until WS-Security verification is built)";
    }
    if (identity.policy == ConnectionPolicy::kPeer)
      std::cout << " (hosted by " << identity.peer << ")";
    if (!identity.cert_sha256.empty()) std::cout << ", certificate sha256 " << identity.cert_sha256;
    if (!identity.cert_subject.empty()) std::cout << ", subject " << identity.cert_subject;
    if (!identity.pinned_public_key.empty()) std::cout << ", pinned key";
    std::cout << "\n";
  }
}

}  // namespace

std::optional<BrokerConfig> loadConfigFor(const CliArgs& args) {
  std::string path = "config/renkei.example.xml";
  if (const char* env = std::getenv("RENKEI_CONFIG"); env && *env) path = env;
  if (auto given = args.get("--config")) path = *given;
  try {
    return loadBrokerConfig(path);
  } catch (const ConfigError& e) {
    std::cerr << "renkei: configuration error: " << e.what() << "\n";
  } catch (const xml::SchemaLoadError& e) {
    std::cerr << "renkei: cannot load schemas: " << e.what() << "\n";
  }
  return std::nullopt;
}

int runConfigCheck(const CliArgs& args) {
  auto config = loadConfigFor(args);
  if (!config) return 2;
  std::cout << config->source_file << ": valid\n"
            << "  listen   " << config->listen_host << ":" << config->listen_port << " ("
            << config->workers << " workers, "
            << (config->active_workers > 0 ? std::to_string(config->active_workers)
                                           : std::string("no limit on those"))
            << " running at once, queue " << config->queue_capacity << ", "
            << config->max_connections << " connections, " << config->max_connections_per_peer
            << " per peer, request deadline " << config->request_timeout_ms << " ms)\n"
            << "           " << describeTls(config->listen_tls) << "\n"
            << "  forward  timeout " << config->timeout_ms << " ms; per receiver "
            << config->max_concurrent_per_receiver << " in flight + "
            << config->max_queued_per_receiver << " waiting; breaker after "
            << config->breaker_failures << " failures, " << config->breaker_open_ms << " ms\n"
            << "           " << describeForwardTls(config->forward_tls) << "\n"
            << "  store    " << describeStore(*config) << "\n"
            << "  schemas  " << config->xsd_dir << "\n"
            << "  services " << config->registry.services.size() << ", units "
            << config->registry.units.size() << ", links " << config->registry.links.size() << "\n"
            << "  audit    instance " << config->instance_id << "; ";
  if (config->checkpoint_key.empty()) {
    std::cout << "no signed checkpoints (<audit checkpointKey> not set)\n";
  } else {
    std::cout << "checkpoints signed with " << config->checkpoint_key << " every "
              << config->checkpoint_every_records << " records or "
              << config->checkpoint_every_seconds << " s"
              << (config->tsa_url.empty() ? "" : ", timestamped by " + config->tsa_url) << "\n";
  }
  std::cout << "  archive  "
            << (config->archive_dir.empty()
                    ? std::string("off (no <archive>: message bodies are not kept)")
                    : "bodies encrypted into " + config->archive_dir + " with key " +
                          config->archive_key)
            << "\n";
  if (config->admin_enabled) {
    std::cout << "  admin    " << config->admin_host << ":" << config->admin_port << " "
              << describeTls(config->admin_tls) << "; Host must be one of:";
    for (const std::string& host : config->admin_allowed_hosts) std::cout << " " << host;
    std::cout << "\n";
  }
  printIdentities(*config);
  if (config->max_concurrent_per_receiver + config->max_queued_per_receiver >= config->workers) {
    std::cout << "warning: <forwarding maxConcurrentPerReceiver + maxQueuedPerReceiver> is not "
                 "below <listen workers>: one unit that stops answering can hold every worker\n";
  }
  if (config->admin_enabled && !isLoopbackHost(config->admin_host) &&
      config->admin_tls.client_certificates != ClientCertificateMode::kRequired) {
    std::cout << "warning: <admin host=\"" << config->admin_host
              << "\"> reaches beyond this machine, and the admin listener has no authentication "
                 "(<admin><tls clientCertificate=\"required\"> would give it one)\n";
  }
  if (!isLoopbackHost(config->listen_host) && !config->listen_tls.enabled) {
    std::cout << "warning: <listen host=\"" << config->listen_host
              << "\"> reaches beyond this machine without <tls>: only plain units on loopback "
                 "can be authenticated, and traffic travels in the clear\n";
  }
  // What a first seed does; a link already in the store keeps its stored state.
  for (const UnvouchedLink& link : config->unvouched_links) {
    std::cout << "warning: " << link.where << " is declared " << linkStatusName(link.declared)
              << " but is seeded as proposed: " << link.reason << "\n";
  }
  if (!printSignatureSummary(config->signatures, std::cout)) return 2;
  return 0;
}

int runFaults(const CliArgs& args) {
  if (args.has("--markdown")) {
    std::cout << faultTableMarkdown() << "\nAdmin service (wsdl/registry.wsdl):\n\n"
              << admin::adminErrorTableMarkdown();
    return 0;
  }
  const auto line = [](std::string_view name, std::string_view meaning) {
    std::cout << name << std::string(name.size() < 30 ? 30 - name.size() : 1, ' ') << meaning
              << "\n";
  };
  std::cout << "Exchanges (SOAP Faults to units, and the audit trail):\n";
  for (const FaultCodeSpec& spec : allFaultSpecs()) line(spec.name, spec.meaning);
  std::cout << "\nAdmin service (wsdl/registry.wsdl, on the admin listener):\n";
  for (const admin::AdminErrorSpec& spec : admin::allAdminErrorSpecs()) {
    line(spec.name, spec.meaning);
  }
  return 0;
}

}  // namespace renkei::cli
