#pragma once
// The subject a notification is ordered by: the text of the first element the topic names
// (e.g. juki:AtenaNo, the 宛名番号) anywhere in the body, trimmed. "" when the topic names none
// or the body has none: such copies are ordered per receiver alone.
#include <string>

#include <xercesc/dom/DOMElement.hpp>

#include "broker/config/notify_config.h"

namespace renkei {

std::string subjectOf(const XERCES_CPP_NAMESPACE::DOMElement* body_root,
                      const NotificationTopic& topic);

}  // namespace renkei
