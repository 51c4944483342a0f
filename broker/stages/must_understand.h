#pragma once
// SOAP's mustUnderstand rule as it applies to the broker (SOAP 1.1 §4.2.3, SOAP 1.2 Part 1
// §2.4 and §5.2.3). The broker is an intermediary: it acts in the role "next" (SOAP 1.1: actor
// next) and never as the ultimate receiver. A header block addressed to "next" and marked
// mustUnderstand must be processed by the broker or the message faulted; blocks without a role
// are for the unit behind the broker and pass on untouched.
#include <string>
#include <utility>
#include <vector>

#include "broker/xml/envelope_facts.h"

namespace renkei {

// {namespace, local name} of each header block addressed to the broker, marked mustUnderstand,
// that the broker does not process (it processes the platform header and WS-Security).
std::vector<std::pair<std::string, std::string>> headerBlocksNotUnderstood(
    const xml::EnvelopeFacts& envelope);

}  // namespace renkei
