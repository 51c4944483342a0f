#pragma once
// The settings every parser of untrusted bytes gets, DOM (HardenedParser) or SAX
// (EnvelopeScanner): namespaces on, validation issues collected rather than fatal, the locked
// grammar pool only (no schema or DTD loaded from the document's hints), no entity resolved.
// A template because XercesDOMParser and SAXParser share these setters but no base class.
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/XMLEntityResolver.hpp>

namespace renkei::xml {

template <typename Parser>
void applyHardenedSettings(Parser& parser, XERCES_CPP_NAMESPACE::XMLEntityResolver* resolver,
                           XERCES_CPP_NAMESPACE::SecurityManager* security) {
  parser.setDoNamespaces(true);
  parser.setValidationSchemaFullChecking(false);  // done once at load
  parser.setValidationConstraintFatal(false);
  parser.setExitOnFirstFatalError(true);
  parser.useCachedGrammarInParse(true);
  parser.cacheGrammarFromParse(false);
  parser.setLoadSchema(false);  // xsi:schemaLocation hints are ignored
  parser.setLoadExternalDTD(false);
  parser.setSkipDTDValidation(true);
  parser.setDisableDefaultEntityResolution(true);
  parser.setXMLEntityResolver(resolver);
  parser.setSecurityManager(security);
}

}  // namespace renkei::xml
