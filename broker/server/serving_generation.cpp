#include "broker/server/serving_generation.h"

#include <map>
#include <string>
#include <tuple>

#include "broker/core/japan_date.h"
#include "broker/server/pipeline_builder.h"
#include "broker/transport/curl_handle_pool.h"
#include "broker/wssec/xsec_signature_verifier.h"

namespace renkei {
namespace {

// Pins belong to the server a unit's endpoint names, so they are looked up by its origin.
std::map<std::string, std::string> pinnedKeysByOrigin(const BrokerConfig& config) {
  std::map<std::string, std::string> pins;
  for (const UnitIdentity& identity : config.unit_identities) {
    if (identity.pinned_public_key.empty()) continue;
    for (const Unit& unit : config.registry.units) {
      if (unit.id == identity.unit_id) {
        pins[CurlHandlePool::originOf(unit.endpoint)] = identity.pinned_public_key;
      }
    }
  }
  return pins;
}

bool sameLimits(const ReceiverLimits& a, const ReceiverLimits& b) {
  return std::tie(a.max_concurrent, a.max_queued, a.breaker_failures, a.breaker_open_ms) ==
         std::tie(b.max_concurrent, b.max_queued, b.breaker_failures, b.breaker_open_ms);
}

void warnAbout(const BrokerConfig& config, std::ostream& log) {
  // A forward in flight holds a worker; a caller queued for a slot holds one too where its
  // exchange finishes on its worker (an <archive>, REST calls; others are parked). Only when one
  // receiver's share stays below the pool does a stuck unit leave workers for others.
  if (config.max_concurrent_per_receiver + config.max_queued_per_receiver >= config.workers) {
    log << "renkei: warning: <forwarding maxConcurrentPerReceiver + maxQueuedPerReceiver> ("
        << config.max_concurrent_per_receiver + config.max_queued_per_receiver
        << ") is not below <listen workers> (" << config.workers
        << "): one unit that stops answering can hold every worker\n";
  }
  if (!config.validate_messages) {
    log << "renkei: warning: message validation is off (<schemas validate=\"false\">); "
           "use this only to measure what validation costs\n";
  }
}

}  // namespace

CurlForwarderOptions curlForwarderOptions(const BrokerConfig& config) {
  CurlForwarderOptions forwarding;
  forwarding.connect_timeout_ms = config.connect_timeout_ms;
  forwarding.total_timeout_ms = config.timeout_ms;
  forwarding.max_response_bytes = config.max_response_bytes;
  forwarding.ca_file = config.forward_tls.ca_file;
  forwarding.client_cert_file = config.forward_tls.certificate_file;
  forwarding.client_key_file = config.forward_tls.key_file;
  forwarding.pinned_public_keys = pinnedKeysByOrigin(config);
  return forwarding;
}

ReceiverLimits receiverLimits(const BrokerConfig& config) {
  ReceiverLimits limits;
  limits.max_concurrent = config.max_concurrent_per_receiver;
  limits.max_queued = config.max_queued_per_receiver;
  limits.breaker_failures = config.breaker_failures;
  limits.breaker_open_ms = config.breaker_open_ms;
  return limits;
}

std::shared_ptr<ServingGeneration> buildServingGeneration(BrokerConfig config,
                                                          const SharedServingParts& shared,
                                                          const ServingGeneration* previous,
                                                          std::ostream& log) {
  auto g = std::make_shared<ServingGeneration>();
  g->config = std::move(config);
  const BrokerConfig& c = g->config;
  warnAbout(c, log);
  g->identities = UnitIdentities(c.unit_identities);
  g->limits.max_bytes = c.max_message_bytes;
  g->limits.max_depth = c.max_depth;
  g->limits.max_attributes = c.max_attributes;
  g->limits.validate = c.validate_messages;
  g->forwarder = std::make_shared<PlainHttpForwarder>(curlForwarderOptions(c));
  const ReceiverLimits receiver_limits = receiverLimits(c);
  if (previous != nullptr && sameLimits(previous->receiver_guards->limits(), receiver_limits)) {
    g->receiver_guards = previous->receiver_guards;
  } else {
    g->receiver_guards = std::make_shared<ReceiverGuards>(receiver_limits);
  }
  // Always built: without <signatures> it trusts no CA, so a signed message is refused
  // (Client.CertificateRejected) rather than routed as if its signature had been checked.
  try {
    g->signature_verifier = wssec::XsecSignatureVerifier::fromConfig(c.signatures);
    if (!c.signatures.broker_key_file.empty()) {
      g->broker_signer = wssec::BrokerSigner::fromFiles(c.signatures.broker_key_file,
                                                        c.signatures.broker_cert_file);
    }
  } catch (const std::runtime_error& e) {
    throw ConfigError(c.source_file + ": element signatures: " + e.what());
  }
  g->service_actions = ServiceActions::fromWsdls(c.registry.services, c.wsdl_dir, log);
  g->sensitive = std::make_unique<xml::SensitiveElements>(c.sensitive_elements);

  // REST units (<rest><target>) are reached through a forwarder that speaks JSON to them.
  HttpForwarder* forwarder = g->forwarder.get();
  if (!c.rest.targets.empty()) {
    g->rest_forwarder = std::make_unique<rest::RestTargetForwarder>(
        *g->forwarder, c.rest.targets, shared.schemas, shared.registry, g->limits);
    forwarder = g->rest_forwarder.get();
  }
  PipelineParts parts{shared.schemas,
                      g->identities,
                      g->limits,
                      shared.registry,
                      *forwarder,
                      *g->receiver_guards,
                      std::chrono::milliseconds(c.timeout_ms),
                      &shared.audit_health};
  parts.replay = shared.replay;
  parts.max_clock_skew = std::chrono::seconds(c.max_clock_skew_s);
  parts.max_response_bytes = c.max_response_bytes;
  parts.signatures = g->signature_verifier.get();
  parts.broker_signer = g->broker_signer.get();
  parts.sensitive = g->sensitive.get();
  parts.mynumber_gateway_unit = c.mynumber_gateway_unit;
  parts.notify = shared.notify;
  parts.outbox = shared.outbox;
  parts.subscriptions = shared.subscriptions;
  parts.posted = shared.posted;
  parts.actions = &g->service_actions;
  parts.peers = shared.peers;
  parts.registry_snapshot = shared.registry_snapshot;
  parts.federation = shared.federation;
  g->pipeline = std::make_unique<Pipeline>(buildBrokerStages(parts), shared.audit, shared.observers,
                                           shared.archive);
  g->allowed_services = std::make_unique<AllowedServicesEndpoint>(
      shared.schemas, g->limits, shared.registry, g->identities, jstDateToday);
  if (c.rest.enabled) {
    try {
      g->rest =
          std::make_unique<rest::RestBridge>(c.rest, shared.schemas, shared.registry, g->limits);
    } catch (const std::runtime_error& e) {
      throw ConfigError(c.source_file + ": element rest: " + e.what());
    }
  }
  return g;
}

void publishServices(ServingGeneration& generation, const LinkRegistry& registry) {
  generation.publisher = std::make_unique<WsdlPublisher>(
      generation.config.wsdl_dir, generation.config.xsd_dir, registry.snapshot().services);
  if (generation.rest) {
    generation.rest->publish(registry.snapshot().services, "Renkei broker REST/JSON bridge");
  }
}

}  // namespace renkei
