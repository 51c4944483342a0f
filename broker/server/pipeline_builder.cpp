#include "broker/server/pipeline_builder.h"

#include "broker/stages/audit_ready_stage.h"
#include "broker/stages/authenticate_stage.h"
#include "broker/stages/authorize_stage.h"
#include "broker/stages/broker_sign_stage.h"
#include "broker/stages/cross_cloud_authorize_stage.h"
#include "broker/stages/dom_stage.h"
#include "broker/stages/endpoint_check_stage.h"
#include "broker/stages/forward_stage.h"
#include "broker/stages/header_check_stage.h"
#include "broker/stages/outbox_post_stage.h"
#include "broker/stages/parse_stage.h"
#include "broker/stages/peer_forward_stage.h"
#include "broker/stages/personal_number_guard_stage.h"
#include "broker/stages/replay_stage.h"
#include "broker/stages/response_check_stage.h"
#include "broker/stages/route_stage.h"
#include "broker/stages/schema_stage.h"
#include "broker/stages/sensitive_values_stage.h"
#include "broker/stages/service_kind_switch_stage.h"
#include "broker/stages/signature_stage.h"
#include "broker/stages/subscription_authorize_stage.h"
#include "broker/stages/unless_from_peer_stage.h"

namespace renkei {

namespace {

using Stages = std::vector<std::unique_ptr<Stage>>;

// Shared by both branches: a message that is stale or already seen is refused the same way, and
// nothing leaves the broker (a forward, an outbox row) that cannot be audited.
void addReplayAndAuditReady(const PipelineParts& parts, Stages& stages) {
  if (parts.replay != nullptr) {
    stages.push_back(std::make_unique<ReplayStage>(*parts.replay, parts.max_clock_skew));
  }
  if (parts.audit != nullptr) stages.push_back(std::make_unique<AuditReadyStage>(*parts.audit));
}

bool followsRegistrySnapshot(const PipelineParts& parts) {
  return parts.registry_snapshot != nullptr && parts.federation != nullptr;
}

// Link authorization of an exchange addressed to one unit: on a follower of the registry
// snapshot, cross-cloud links come from the snapshot.
std::unique_ptr<Stage> authorizeStage(const PipelineParts& parts) {
  if (followsRegistrySnapshot(parts)) {
    return std::make_unique<CrossCloudAuthorizeStage>(parts.catalog, *parts.registry_snapshot,
                                                      *parts.federation);
  }
  return std::make_unique<AuthorizeStage>(parts.catalog);
}

Stages requestStages(const PipelineParts& parts) {
  Stages stages;
  stages.push_back(std::make_unique<SchemaStage>(parts.catalog, parts.limits.validate));
  if (parts.actions != nullptr)
    stages.push_back(std::make_unique<EndpointCheckStage>(*parts.actions));
  stages.push_back(authorizeStage(parts));
  if (parts.peers != nullptr) stages.push_back(std::make_unique<RouteStage>(parts.identities));
  // Last checks before a unit is called.
  addReplayAndAuditReady(parts, stages);
  if (parts.broker_signer != nullptr) {
    stages.push_back(std::make_unique<BrokerSignStage>(*parts.broker_signer));
  }
  if (parts.peers != nullptr) {
    stages.push_back(std::make_unique<PeerForwardStage>(*parts.peers, parts.forward_timeout));
  }
  stages.push_back(
      std::make_unique<ForwardStage>(parts.forwarder, parts.receiver_guard, parts.forward_timeout));
  xml::ParserLimits response_limits = parts.limits;
  response_limits.max_bytes = parts.max_response_bytes;
  stages.push_back(std::make_unique<ResponseCheckStage>(parts.schemas, response_limits));
  return stages;
}

Stages notificationStages(const PipelineParts& parts) {
  Stages stages;
  stages.push_back(
      std::make_unique<SchemaStage>(SchemaStage::forTopics(parts.catalog, parts.limits.validate)));
  if (parts.actions != nullptr)
    stages.push_back(std::make_unique<EndpointCheckStage>(*parts.actions));
  std::optional<SubscriptionAuthorizeStage::Follower> follower;
  if (followsRegistrySnapshot(parts)) {
    follower.emplace(
        SubscriptionAuthorizeStage::Follower{*parts.registry_snapshot, *parts.federation});
  }
  stages.push_back(std::make_unique<SubscriptionAuthorizeStage>(parts.catalog, *parts.subscriptions,
                                                                authorizeStage(parts), follower));
  // A copy from a peer broker was checked for replay where it was posted; this outbox keeps it
  // once per receiver (unless_from_peer_stage.h).
  if (parts.replay != nullptr) {
    stages.push_back(std::make_unique<UnlessFromPeerStage>(
        std::make_unique<ReplayStage>(*parts.replay, parts.max_clock_skew)));
  }
  if (parts.audit != nullptr) stages.push_back(std::make_unique<AuditReadyStage>(*parts.audit));
  // The outbox reads the notification's subject from the body's DOM.
  stages.push_back(std::make_unique<DomStage>(parts.schemas, parts.limits));
  stages.push_back(std::make_unique<OutboxPostStage>(*parts.outbox, *parts.subscriptions,
                                                     *parts.notify, parts.posted));
  return stages;
}

// Whether a stage that walks the request's DOM runs on every exchange (parse_stage.h). The
// signature check needs it only for a signed message, the outbox only for a notification:
// each gets it from a DomStage.
ParseStage::DomNeed domNeed(const PipelineParts& parts) {
  const bool walks_dom = (parts.sensitive != nullptr && !parts.sensitive->empty()) ||
                         !parts.mynumber_gateway_unit.empty() || parts.broker_signer != nullptr;
  return walks_dom ? ParseStage::DomNeed::kAlways : ParseStage::DomNeed::kToRefuse;
}

}  // namespace

std::vector<std::unique_ptr<Stage>> buildBrokerStages(const PipelineParts& parts) {
  Stages stages;
  stages.push_back(std::make_unique<ParseStage>(parts.schemas, parts.limits, domNeed(parts)));
  if (parts.sensitive != nullptr && !parts.sensitive->empty()) {
    stages.push_back(std::make_unique<SensitiveValuesStage>(*parts.sensitive));
  }
  stages.push_back(std::make_unique<HeaderCheckStage>());
  // After the header check, not before: the refusal's audit record and archive copy then name
  // the message id, sender and receiver, as every other refusal of a well-formed header does.
  if (!parts.mynumber_gateway_unit.empty()) {
    stages.push_back(std::make_unique<PersonalNumberGuardStage>(parts.mynumber_gateway_unit));
  }
  if (parts.signatures != nullptr) {
    stages.push_back(
        std::make_unique<DomStage>(parts.schemas, parts.limits, carriesSecurityHeader));
    stages.push_back(std::make_unique<SignatureStage>(*parts.signatures));
  }
  stages.push_back(std::make_unique<AuthenticateStage>(parts.identities));
  const bool notifications = parts.notify != nullptr && !parts.notify->topics.empty() &&
                             parts.outbox != nullptr && parts.subscriptions != nullptr;
  if (!notifications) {
    for (auto& stage : requestStages(parts)) stages.push_back(std::move(stage));
    return stages;
  }
  stages.push_back(std::make_unique<ServiceKindSwitchStage>(*parts.notify, requestStages(parts),
                                                            notificationStages(parts)));
  return stages;
}

}  // namespace renkei
