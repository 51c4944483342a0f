// The namespace table libgsoap++ expects every program to define. The broker has one gSOAP
// runtime, generated from wsdl/registry.wsdl (see broker/CMakeLists.txt); its table binds
// SOAP-ENV to SOAP 1.1 with a pattern that also matches SOAP 1.2, so the raw HTTP engine and the
// admin service accept both envelope versions.
#include "RegistryAdminSoap11Binding.nsmap"
#include "soapH.h"
