#pragma once
// The CLI's name for the shared JSON string writer (broker/core/json_text.h).
#include "broker/core/json_text.h"

namespace renkei::cli {

using renkei::jsonString;

}  // namespace renkei::cli
