#pragma once
// What a configuration reload (SIGHUP) replaces: the parts built from the reloadable settings
// (unit identities, limits, forwarding, signatures, privacy, SOAPActions from the WSDLs), the
// stage chain built on them, and the endpoints beside it (WSDL publisher, allowed services).
//
// A request takes a shared_ptr to the generation current when it arrives (ServingSlot), so an
// exchange in flight during a reload finishes on the generation it started on, and that
// generation is freed when its last exchange drops it. Nothing in a generation changes once it
// is installed.
#include <functional>
#include <memory>
#include <ostream>

#include "adapters/rest/rest_bridge.h"
#include "adapters/rest/rest_target_forwarder.h"
#include "broker/config/broker_config.h"
#include "broker/config/notify_config.h"
#include "broker/conform/service_actions.h"
#include "broker/core/audit_sink.h"
#include "broker/core/exchange_archive.h"
#include "broker/core/exchange_observer.h"
#include "broker/core/pipeline.h"
#include "broker/notify/outbox_store.h"
#include "broker/notify/subscriptions.h"
#include "broker/registry/link_registry.h"
#include "broker/registry/link_snapshot_holder.h"
#include "broker/registry/unit_identity.h"
#include "broker/replay/replay_guard.h"
#include "broker/server/allowed_services_endpoint.h"
#include "broker/server/wsdl_publisher.h"
#include "broker/transport/curl_forwarder.h"
#include "broker/transport/peer_forwarder.h"
#include "broker/transport/plain_http_forwarder.h"
#include "broker/transport/receiver_guards.h"
#include "broker/wssec/broker_signer.h"
#include "broker/wssec/signature_verifier.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"
#include "broker/xml/sensitive_elements.h"

namespace renkei {

// What every generation uses and none owns: BrokerRuntime keeps these for the process's life
// (a restart changes them, a reload does not).
struct SharedServingParts {
  const xml::SchemaSet& schemas;
  const LinkRegistry& registry;
  const AuditSink& audit_health;  // refuses before forward while the trail is unavailable
  AuditSink& audit;               // where the pipeline records every exchange
  ReplayGuard* replay = nullptr;
  ExchangeObserver* observers = nullptr;
  archive::ExchangeArchive* archive = nullptr;
  // 通知 and federation, as in PipelineParts; null when not configured.
  const NotifyConfig* notify = nullptr;
  OutboxStore* outbox = nullptr;
  const SubscriptionFinder* subscriptions = nullptr;
  std::function<void()> posted = {};
  PeerForwarder* peers = nullptr;
  const LinkSnapshotHolder* registry_snapshot = nullptr;
  const FederationConfig* federation = nullptr;
};

struct ServingGeneration {
  BrokerConfig config;  // the configuration in effect, restart-only settings as started
  UnitIdentities identities;
  xml::ParserLimits limits;
  std::shared_ptr<PlainHttpForwarder> forwarder;
  // In front of `forwarder` when <rest><target> names REST units: JSON and a JWT towards them.
  std::unique_ptr<rest::RestTargetForwarder> rest_forwarder;
  // Kept from the previous generation while the per-receiver limits stay the same, so a reload
  // neither resets an open circuit breaker nor lets a receiver's callers count twice.
  std::shared_ptr<ReceiverGuards> receiver_guards;
  std::unique_ptr<wssec::SignatureVerifier> signature_verifier;
  std::unique_ptr<wssec::BrokerSigner> broker_signer;  // null unless configured
  ServiceActions service_actions;
  std::unique_ptr<xml::SensitiveElements> sensitive;
  // Declared after the parts their code refers to, so destroyed before them.
  std::unique_ptr<Pipeline> pipeline;
  std::unique_ptr<AllowedServicesEndpoint> allowed_services;
  std::unique_ptr<WsdlPublisher> publisher;  // from the registry's services (publishServices)
  // The REST/JSON bridge (<rest>), null when not configured; its OpenAPI document is made with
  // the publisher.
  std::unique_ptr<rest::RestBridge> rest;
};

CurlForwarderOptions curlForwarderOptions(const BrokerConfig& config);
ReceiverLimits receiverLimits(const BrokerConfig& config);

// Builds everything but the WSDL publisher. `previous` (null at start) lends its receiver
// guards when the limits are unchanged. Warnings go to `log`. Throws ConfigError when a
// signature key or certificate named by the configuration cannot be used.
std::shared_ptr<ServingGeneration> buildServingGeneration(BrokerConfig config,
                                                          const SharedServingParts& shared,
                                                          const ServingGeneration* previous,
                                                          std::ostream& log);

// The publisher lists the registry's services, so it is built once the registry holds what the
// configuration seeded.
void publishServices(ServingGeneration& generation, const LinkRegistry& registry);

}  // namespace renkei
