#pragma once
// Anything the registry can write into a scrape: a family of series kept here, or a family read
// from state another component already keeps (scrape_family.h).
#include "broker/metrics/text_format.h"

namespace renkei::metrics {

class Collector {
 public:
  virtual ~Collector() = default;
  virtual void write(TextWriter& out) const = 0;
};

}  // namespace renkei::metrics
