# ctest script: every traffic sample must validate against the platform schemas (twice: with the
# production envelope schemas, which check Header/Body content laxly, and with a strict test
# envelope that demands a declared PlatformHeader and body element). Samples whose name contains
# "invalid" must fail, and must fail for the reason their comment gives (SeinenGappi).
# Inputs: -DXMLLINT= -DXSD_DIR= -DTRAFFIC_DIR= -DWORK_DIR=
foreach(var XMLLINT XSD_DIR TRAFFIC_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check_traffic.cmake: ${var} not set")
  endif()
endforeach()

file(GLOB samples ${TRAFFIC_DIR}/*.xml)
list(LENGTH samples count)
if(count LESS 7)
  message(FATAL_ERROR "expected at least 7 traffic samples in ${TRAFFIC_DIR}, found ${count}")
endif()

set(failures 0)
foreach(sample ${samples})
  get_filename_component(name ${sample} NAME)
  file(READ ${sample} text)
  if(text MATCHES "http://www.w3.org/2003/05/soap-envelope")
    set(version 12)
  else()
    set(version 11)
  endif()
  set(schemas ${TRAFFIC_DIR}/schemas/platform-all.xsd
              ${TRAFFIC_DIR}/schemas/strict-soap${version}-envelope.xsd)
  foreach(schema ${schemas})
    get_filename_component(schema_name ${schema} NAME)
    execute_process(COMMAND ${XMLLINT} --noout --nonet --schema ${schema} ${sample}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 20)
    if(name MATCHES "invalid")
      if(rc EQUAL 0)
        message(SEND_ERROR "${name}: expected a schema violation against ${schema_name}, got none")
        math(EXPR failures "${failures} + 1")
      elseif(NOT err MATCHES "SeinenGappi")
        message(SEND_ERROR "${name}: failed against ${schema_name}, but not on SeinenGappi:\n${err}")
        math(EXPR failures "${failures} + 1")
      else()
        message(STATUS "ok (rejected as intended) ${name} / ${schema_name}")
      endif()
    elseif(NOT rc EQUAL 0)
      message(SEND_ERROR "${name}: does not validate against ${schema_name}:\n${err}")
      math(EXPR failures "${failures} + 1")
    else()
      message(STATUS "ok ${name} / ${schema_name}")
    endif()
  endforeach()
endforeach()

if(failures GREATER 0)
  message(FATAL_ERROR "${failures} traffic sample check(s) failed")
endif()
