#pragma once
// Xerces-C fills some caches inside a compiled grammar lazily, on first use, without a lock: a
// complex type's content model, its formatted form (for error messages) and attribute list, and
// the character maps of the regular expressions behind xs:pattern facets (including the
// library's shared built-in ranges such as \d). Workers validating against one shared grammar
// pool would race to fill them: a copy leaks, and a reader can see one half-made (an abort
// under load). buildLazyStateBeforeSharing fills them all while the loading thread is still
// the only user, so validation afterwards only reads.
#include <xercesc/validators/schema/SchemaGrammar.hpp>

namespace renkei::xml {

void buildLazyStateBeforeSharing(XERCES_CPP_NAMESPACE::SchemaGrammar& schema);

}  // namespace renkei::xml
