#pragma once
// Fixture for the component_includes_refused test: a high component may include the low one.
#include "broker/low/reaches_up.h"
