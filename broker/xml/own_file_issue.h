#pragma once
// Schema errors in the files an operator writes (the configuration, links and purpose-rules
// files, file-adapter layouts). A message's values are masked in every issue (issue_text.h):
// they may be personal data. In the operator's own file they are not, and masking them made
// "value '***' does not match ..." useless to the person who has to fix the file; an error on an
// attribute also only named its element. Here the value is shown again and the attribute named.
#include <string>

#include <xercesc/dom/DOMElement.hpp>

#include "broker/xml/parsed_document.h"

namespace renkei::xml {

// "/renkei/listen/@workers: value 'abc' does not match ..." for an issue of the document whose
// root is `root`: the element path, the attribute that holds the quoted value when one attribute
// of such an element does, and the message with its value shown.
std::string describeOwnFileIssue(const ValidationIssue& issue,
                                 const XERCES_CPP_NAMESPACE::DOMElement* root);

}  // namespace renkei::xml
