#pragma once
// Builds the request's DOM when the parse stage did not (ParseStage::DomNeed::kToRefuse), for a
// stage further on that reads it on some exchanges only: the signature check of a message that
// carries a wsse:Security header, the outbox taking a notification's subject from its body.
// The message already passed the streaming check, so the parse repeats it with the DOM parser
// and, in the unexpected case that it disagrees, refuses as the parse stage would have.
#include <functional>
#include <string_view>
#include <utility>

#include "broker/stages/parse_stage.h"
#include "broker/xml/envelope_facts.h"

namespace renkei {

class DomStage : public Stage {
 public:
  using Needed = std::function<bool(const xml::EnvelopeFacts&)>;

  // `needed`: which messages get a DOM (default: every one).
  DomStage(const xml::SchemaSet& schemas, xml::ParserLimits limits, Needed needed = {})
      : parse_(schemas, limits, ParseStage::DomNeed::kAlways), needed_(std::move(needed)) {}

  std::string_view name() const override { return "dom"; }
  StageResult process(Exchange& exchange) override {
    if (exchange.envelope) return StageResult::proceed();
    if (needed_ && exchange.envelope_facts && !needed_(*exchange.envelope_facts)) {
      return StageResult::proceed();
    }
    return parse_.process(exchange);
  }

 private:
  ParseStage parse_;
  Needed needed_;
};

}  // namespace renkei
