#pragma once
// The one place where the broker's stage chain is assembled, in the order of DESIGN.md:
// parse -> (sensitive values) -> header check -> (personal number guard) -> signature ->
// authenticate -> schema validation -> endpoint check (URL path, SOAPAction) -> authorize ->
// replay -> audit ready -> (broker sign) -> forward -> response check; a notification topic
// branches after authenticate into the outbox chain. (Audit is not a stage: the Pipeline records
// every exchange after the chain, refused or not.)
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "broker/config/federation_config.h"
#include "broker/config/notify_config.h"
#include "broker/conform/service_actions.h"
#include "broker/core/audit_sink.h"
#include "broker/core/service_catalog.h"
#include "broker/core/stage.h"
#include "broker/notify/outbox_store.h"
#include "broker/notify/subscriptions.h"
#include "broker/registry/link_snapshot_holder.h"
#include "broker/registry/unit_identity.h"
#include "broker/replay/replay_guard.h"
#include "broker/transport/http_forwarder.h"
#include "broker/transport/peer_forwarder.h"
#include "broker/transport/receiver_guard.h"
#include "broker/wssec/broker_signer.h"
#include "broker/wssec/signature_verifier.h"
#include "broker/xml/parser_limits.h"
#include "broker/xml/schema_set.h"
#include "broker/xml/sensitive_elements.h"

namespace renkei {

struct PipelineParts {
  const xml::SchemaSet& schemas;
  // Who may claim to be which unit (connection policies); see AuthenticateStage.
  const UnitIdentities& identities;
  xml::ParserLimits limits;  // requests
  const ServiceCatalog& catalog;
  HttpForwarder& forwarder;
  ReceiverGuard& receiver_guard;              // per-receiver bulkhead and circuit breaker
  std::chrono::milliseconds forward_timeout;  // an exchange's deadline: started + this
  // When set, an AuditReadyStage refuses before forward while the audit trail is unavailable.
  const AuditSink* audit = nullptr;
  // When set, a ReplayStage after authorization refuses stale and duplicate messages.
  ReplayGuard* replay = nullptr;
  std::chrono::seconds max_clock_skew{300};
  // When set, a SignatureStage verifies WS-Security signed messages after the header check.
  const wssec::SignatureVerifier* signatures = nullptr;
  // When set, a BrokerSignStage signs each request just before it is forwarded.
  const wssec::BrokerSigner* broker_signer = nullptr;
  // When set and not empty, a SensitiveValuesStage after the parse collects their values.
  const xml::SensitiveElements* sensitive = nullptr;
  // When not empty (<mynumber gatewayUnit>), a PersonalNumberGuardStage after the header check
  // refuses messages to that unit that carry a 個人番号.
  std::string mynumber_gateway_unit;
  // When all three are set and topics are declared, messages for a notification topic branch
  // off after authentication (ServiceKindSwitchStage) into: schema -> subscription authorize ->
  // replay -> audit ready -> outbox post; `posted` is called after each durable post.
  const NotifyConfig* notify = nullptr;
  OutboxStore* outbox = nullptr;
  const SubscriptionFinder* subscriptions = nullptr;
  std::function<void()> posted = {};
  // When set, an EndpointCheckStage after the schema stage checks URL path and SOAPAction.
  const ServiceActions* actions = nullptr;
  // The receiver's answer may be larger than a request (<forwarding maxResponseBytes>): the
  // response check scans it with `limits` but this size bound.
  std::size_t max_response_bytes = 8 * 1024 * 1024;
  // When set (<federation>), a RouteStage after authorization sends exchanges for units hosted
  // by a peer broker through a PeerForwardStage over this transport.
  PeerForwarder* peers = nullptr;
  // When both are set (<registrySnapshot role="follower">), a CrossCloudAuthorizeStage takes the
  // AuthorizeStage's place: cross-cloud exchanges are authorized from the primary's snapshot.
  const LinkSnapshotHolder* registry_snapshot = nullptr;
  const FederationConfig* federation = nullptr;
};

std::vector<std::unique_ptr<Stage>> buildBrokerStages(const PipelineParts& parts);

}  // namespace renkei
