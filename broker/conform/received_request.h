#pragma once
// --as-receiver: one request a vendor's client sent, parsed once and judged by each received
// case (conform/cases/50-receiver.xml names the checks), then answered like the broker would:
// a valid answer from the data set, or a platform SOAP Fault naming the first problem.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "broker/conform/case_result.h"
#include "broker/conform/http_listener.h"
#include "broker/conform/service_setup.h"
#include "broker/core/fault_code.h"
#include "broker/xml/parsed_envelope.h"
#include "broker/xml/schema_set.h"

namespace renkei::conform {

class ReceivedRequestJudge {
 public:
  ReceivedRequestJudge(const ReceivedRequest& request,
                       const std::vector<ServiceUnderTest>& services,
                       const xml::SchemaSet& schemas);

  // Adds this check's expectations (and problems) to `record`.
  void judge(const std::string& check, ExchangeRecord& record) const;
  // What the harness answers: a valid answer, or a fault for the first failed check.
  ReplyToSend reply(const std::vector<std::string>& problems) const;
  // "IdoJohoShokai, SOAP 1.1" or what could be told.
  std::string label() const;

 private:
  void judgeSoapAction(ExchangeRecord& record) const;
  void judgeHeader(ExchangeRecord& record) const;
  void judgeBody(ExchangeRecord& record) const;

  const ReceivedRequest& request_;
  const xml::SchemaSet& schemas_;
  std::unique_ptr<xml::ParsedEnvelope> envelope_;
  std::string envelope_problem_;
  const ServiceUnderTest* service_ = nullptr;  // whose operation the body is
  const ServiceOperation* operation_ = nullptr;
  const std::vector<ServiceUnderTest>& services_;
};

}  // namespace renkei::conform
