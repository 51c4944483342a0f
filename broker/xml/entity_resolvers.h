#pragma once
// Entity resolvers that keep Xerces off the network. Message parsing resolves nothing at all;
// grammar loading resolves relative schemaLocation to local files only.
#include <string>

#include <xercesc/util/XMLEntityResolver.hpp>

namespace renkei::xml {

// For untrusted documents: every external entity, DTD or schema hint is refused.
class RefuseAllResolver : public XERCES_CPP_NAMESPACE::XMLEntityResolver {
 public:
  XERCES_CPP_NAMESPACE::InputSource* resolveEntity(
      XERCES_CPP_NAMESPACE::XMLResourceIdentifier* resource) override;
  bool refusedSomething() const { return refused_; }
  void reset() { refused_ = false; }

 private:
  bool refused_ = false;
};

// For trusted schema files: imports and includes resolve to local files next to the importing
// schema. Anything with a non-file URL scheme is refused and remembered so the loader can name it.
class LocalSchemaResolver : public XERCES_CPP_NAMESPACE::XMLEntityResolver {
 public:
  XERCES_CPP_NAMESPACE::InputSource* resolveEntity(
      XERCES_CPP_NAMESPACE::XMLResourceIdentifier* resource) override;
  const std::string& refusal() const { return refusal_; }
  void reset() { refusal_.clear(); }

 private:
  std::string refusal_;
};

}  // namespace renkei::xml
