#pragma once
// Fixture for the component_includes_refused test: a low component including a higher one.
// An include named in a comment is not one: "broker/high/high.h"
#include "broker/high/high.h"
