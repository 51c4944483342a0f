# Declared = real, for the broker's components (broker/CMakeLists.txt): every
# `#include "broker/X/..."` in a file of broker/Y/ must name Y itself or a component Y declares
# with renkei_component(Y DEPENDS ... X ...). Without it the declared graph would drift from the
# code, and a cycle could come back through an include nobody declared.
#
# cmake -DRENKEI_BROKER_DIR=<broker/> -DRENKEI_COMPONENT_DEPENDENCIES="core:;xml:core;..."
#       -P check_component_includes.cmake
# Prints one line per undeclared include (file:line, the component and what it declares) and
# fails. broker/cli is not a component: it is the executable, which links them all.
cmake_minimum_required(VERSION 3.25)

if(NOT RENKEI_BROKER_DIR OR NOT RENKEI_COMPONENT_DEPENDENCIES)
  message(FATAL_ERROR "check_component_includes: pass RENKEI_BROKER_DIR and "
                      "RENKEI_COMPONENT_DEPENDENCIES (name:dep,dep;...)")
endif()

set(components)
foreach(entry IN LISTS RENKEI_COMPONENT_DEPENDENCIES)
  string(REPLACE ":" ";" parts "${entry}")
  list(GET parts 0 name)
  set(declared)
  list(LENGTH parts count)
  if(count GREATER 1)
    list(GET parts 1 joined)
    string(REPLACE "," ";" declared "${joined}")
  endif()
  list(APPEND components ${name})
  set(deps_${name} ${declared})
endforeach()

# A folder of broker/ with sources that no renkei_component() names would be compiled by nobody.
file(GLOB folders LIST_DIRECTORIES true RELATIVE ${RENKEI_BROKER_DIR} ${RENKEI_BROKER_DIR}/*)
set(problems 0)
foreach(folder IN LISTS folders)
  if(IS_DIRECTORY ${RENKEI_BROKER_DIR}/${folder} AND NOT folder STREQUAL "cli"
     AND NOT folder IN_LIST components)
    message("broker/${folder}/: not a component; add renkei_component(${folder} DEPENDS ...) "
            "to broker/CMakeLists.txt")
    math(EXPR problems "${problems} + 1")
  endif()
endforeach()

foreach(component IN LISTS components)
  file(GLOB_RECURSE files ${RENKEI_BROKER_DIR}/${component}/*.h
       ${RENKEI_BROKER_DIR}/${component}/*.cpp)
  foreach(file IN LISTS files)
    file(READ ${file} text)
    # Only directives at the start of a line: an include named in a comment is not one.
    string(REGEX MATCHALL "(^|\n)[ \t]*#[ \t]*include[ \t]*\"broker/[a-z_]+/" directives
                          "${text}")
    set(seen)
    foreach(directive IN LISTS directives)
      string(REGEX REPLACE ".*\"broker/([a-z_]+)/$" "\\1" target "${directive}")
      if(target STREQUAL component OR target IN_LIST deps_${component} OR target IN_LIST seen)
        continue()
      endif()
      list(APPEND seen ${target})
      # Its line: the newlines up to the end of the directive's match (which starts with the
      # newline ending the previous line), plus one.
      string(FIND "${text}" "${directive}" at)
      string(LENGTH "${directive}" length)
      math(EXPR end "${at} + ${length}")
      string(SUBSTRING "${text}" 0 ${end} before)
      string(REGEX MATCHALL "\n" newlines "${before}")
      list(LENGTH newlines line)
      math(EXPR line "${line} + 1")
      file(RELATIVE_PATH shown ${RENKEI_BROKER_DIR}/.. ${file})
      list(JOIN deps_${component} " " declared)
      if(declared STREQUAL "")
        set(declared "nothing")
      endif()
      message("${shown}:${line}: includes broker/${target}/, which component '${component}' "
              "does not declare (it declares: ${declared})")
      math(EXPR problems "${problems} + 1")
    endforeach()
  endforeach()
endforeach()

if(problems GREATER 0)
  message(FATAL_ERROR "${problems} undeclared component dependencies: declare them in "
                      "broker/CMakeLists.txt if the layering allows it (docs/architecture.md), "
                      "or move the code")
endif()
