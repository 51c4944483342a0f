// The namespace table libgsoap++ expects every program to define. The broker's table is the one
// soapcpp2 generates from gsoap_runtime.gsoap.h (SOAP envelope namespaces only).
#include "soapH.h"
#include "soap.nsmap"
