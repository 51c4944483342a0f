#pragma once
// The timestamp a registry change is recorded under. Computed by the caller rather than by the
// database so every store implementation writes the same format.
#include <string>

#include "broker/core/registry_types.h"

namespace renkei {

// change.at when given, otherwise the current UTC time as "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string changeTime(const ChangeContext& change);

}  // namespace renkei
