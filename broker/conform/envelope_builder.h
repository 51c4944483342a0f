#pragma once
// Fills a case's envelope template with the platform header and a body from the data set.
// Placeholders are ${name}; an unknown one is an error naming the case, so a typo in a lab's
// case file does not silently send "${recever}" to a vendor.
#include <map>
#include <string>

#include "broker/core/soap_fault_writer.h"  // xmlEscape

#include "broker/conform/case_model.h"

namespace renkei::conform {

struct RequestParts {
  bool soap12 = false;
  std::map<std::string, std::string> header;  // MessageId, Sender, ... (platform header fields)
  std::string body;                           // already filled
  std::string body_ns;                        // the operation's request namespace
};

// "${a} and ${b}" with values; throws ConformInputError naming `where` on an unknown or
// unterminated placeholder.
std::string fillTemplate(const std::string& text, const std::map<std::string, std::string>& values,
                         const std::string& where);

// The whole request. `pad_to_bytes` > 0 adds an XML comment so the message has that size.
std::string buildEnvelope(const ExchangeSpec& spec, const RequestParts& parts, size_t pad_to_bytes,
                          const std::string& where);

}  // namespace renkei::conform
