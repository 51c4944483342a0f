#include "broker/server/pipeline_builder.h"

#include "broker/stages/audit_ready_stage.h"
#include "broker/stages/authenticate_stage.h"
#include "broker/stages/authorize_stage.h"
#include "broker/stages/broker_sign_stage.h"
#include "broker/stages/endpoint_check_stage.h"
#include "broker/stages/forward_stage.h"
#include "broker/stages/header_check_stage.h"
#include "broker/stages/parse_stage.h"
#include "broker/stages/replay_stage.h"
#include "broker/stages/response_check_stage.h"
#include "broker/stages/schema_stage.h"
#include "broker/stages/sensitive_values_stage.h"
#include "broker/stages/signature_stage.h"

namespace renkei {

std::vector<std::unique_ptr<Stage>> buildBrokerStages(const PipelineParts& parts) {
  std::vector<std::unique_ptr<Stage>> stages;
  stages.push_back(std::make_unique<ParseStage>(parts.schemas, parts.limits));
  if (parts.sensitive != nullptr && !parts.sensitive->empty()) {
    stages.push_back(std::make_unique<SensitiveValuesStage>(*parts.sensitive));
  }
  stages.push_back(std::make_unique<HeaderCheckStage>());
  if (parts.signatures != nullptr) {
    stages.push_back(std::make_unique<SignatureStage>(*parts.signatures));
  }
  stages.push_back(std::make_unique<AuthenticateStage>(parts.identities));
  stages.push_back(std::make_unique<SchemaStage>(parts.catalog, parts.limits.validate));
  if (parts.actions != nullptr)
    stages.push_back(std::make_unique<EndpointCheckStage>(*parts.actions));
  stages.push_back(std::make_unique<AuthorizeStage>(parts.catalog));
  if (parts.replay != nullptr) {
    stages.push_back(std::make_unique<ReplayStage>(*parts.replay, parts.max_clock_skew));
  }
  // Last check before a unit is called: nothing is forwarded that cannot be audited.
  if (parts.audit != nullptr) stages.push_back(std::make_unique<AuditReadyStage>(*parts.audit));
  if (parts.broker_signer != nullptr) {
    stages.push_back(std::make_unique<BrokerSignStage>(*parts.broker_signer));
  }
  stages.push_back(
      std::make_unique<ForwardStage>(parts.forwarder, parts.receiver_guard, parts.forward_timeout));
  xml::ParserLimits response_limits = parts.limits;
  response_limits.max_bytes = parts.max_response_bytes;
  stages.push_back(std::make_unique<ResponseCheckStage>(parts.schemas, response_limits));
  return stages;
}

}  // namespace renkei
