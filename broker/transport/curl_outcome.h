#pragma once
// How a finished libcurl transfer maps onto ForwardResult::Outcome and a short cause that the
// forward stage can put in a fault reason ("connection refused", "no answer within 10000 ms").
#include <curl/curl.h>

#include "broker/transport/curl_forwarder.h"

namespace renkei {

// Sets result.outcome and result.error. Expects result.http_status and result.total_us filled
// in; `overflow` tells that the body sink refused bytes beyond max_response_bytes.
void classifyCurlResult(CURL* handle, CURLcode rc, bool overflow,
                        const CurlForwarderOptions& options, const char* error_buffer,
                        ForwardResult& result);

}  // namespace renkei
