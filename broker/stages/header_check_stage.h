#pragma once
// Checks the platform header block: present, valid against its schema, unit ids with correct
// 全国地方公共団体コード check digits, sender and receiver distinct. Fills exchange.header.
#include <string_view>

#include "broker/core/stage.h"

namespace renkei {

// 8-4-4-4-12 hexadecimal.
bool isUuid(std::string_view text);

class HeaderCheckStage : public Stage {
 public:
  HeaderCheckStage() = default;
  std::string_view name() const override { return "header_check"; }
  StageResult process(Exchange& exchange) override;
};

}  // namespace renkei
