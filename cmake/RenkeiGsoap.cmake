# gSOAP code generation, shared by the example units (examples/) and the adapters that speak
# SOAP through gSOAP (adapters/mynumber). Units and adapters are generated from wsdl/ at build
# time: wsdl2h turns the WSDL (and the xsd/ files it imports) into an annotated header, soapcpp2
# turns that into serializers and the server dispatcher or client stubs. Nothing generated is
# checked in. RENKEI_GSOAP_TYPEMAP gives the namespaces stable C++ prefixes.
set(RENKEI_GSOAP_TYPEMAP ${PROJECT_SOURCE_DIR}/examples/typemap.dat)
set(RENKEI_WSDL_DIR ${PROJECT_SOURCE_DIR}/wsdl)
set(RENKEI_XSD_DIR ${PROJECT_SOURCE_DIR}/xsd)
file(GLOB_RECURSE RENKEI_PLATFORM_XSDS CONFIGURE_DEPENDS ${RENKEI_XSD_DIR}/*.xsd)
find_path(GSOAP_IMPORT_DIR soap12.h
          PATHS /usr/share/gsoap/import /usr/local/share/gsoap/import
          REQUIRED NO_DEFAULT_PATH)

# renkei_gsoap_generate(<name> <SERVER|CLIENT|BOTH> <nsmap-out-var> <sources-out-var> <wsdl>...)
# Generates into ${CMAKE_CURRENT_BINARY_DIR}/gen/<name> of the calling directory. The .nsmap
# file is named after the first binding of the first WSDL (gSOAP collects all bindings into one
# service). BOTH: the dispatcher and the client stubs (a server that calls other services).
function(renkei_gsoap_generate name role nsmap srcs_var)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/gen/${name})
  set(wsdls ${ARGN})
  if(role STREQUAL "SERVER")
    set(mode -S)
    set(dispatch ${dir}/soapServer.cpp)
  elseif(role STREQUAL "BOTH")
    set(mode "")
    set(dispatch ${dir}/soapServer.cpp ${dir}/soapClient.cpp)
  else()
    set(mode -C)
    set(dispatch ${dir}/soapClient.cpp)
  endif()
  add_custom_command(
    OUTPUT ${dir}/soapC.cpp ${dispatch} ${dir}/soapH.h ${dir}/soapStub.h ${dir}/${nsmap}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    # -k: no mustUnderstand on the header; -L: shorter annotations; -t: our prefix map.
    COMMAND ${WSDL2H} -k -L -t ${RENKEI_GSOAP_TYPEMAP} -o ${dir}/${name}.h ${wsdls}
    # -L: no soapClientLib/soapServerLib; -x: no sample messages; -w: no WSDL/XSD round trip.
    COMMAND ${SOAPCPP2} ${mode} -L -x -w -d ${dir} -I${GSOAP_IMPORT_DIR} ${dir}/${name}.h
    DEPENDS ${wsdls} ${RENKEI_PLATFORM_XSDS} ${RENKEI_GSOAP_TYPEMAP}
    COMMENT "gSOAP: generating ${name} (${role}) from ${wsdls}"
    VERBATIM)
  set(${srcs_var} ${dir}/soapC.cpp ${dispatch} PARENT_SCOPE)
  set(${name}_GEN_DIR ${dir} PARENT_SCOPE)
endfunction()

