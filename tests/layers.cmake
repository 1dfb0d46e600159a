# Fails when a header includes one from a layer above its own: data flows one way, inputs -> Network
# -> scoring -> results -> outputs, and so do includes. The layers are written down here, once; a
# header in no layer fails too, so that a new one is placed.
#   cmake -DROOT=<source dir> -P layers.cmake
cmake_minimum_required(VERSION 3.25)
set(layer_0 # the vocabulary everything uses
    rapport/time rapport/error rapport/topic rapport/version rapport/export
    detail/large_allocator detail/chunked_vector detail/probe_table detail/prefetch detail/reserve detail/names detail/shortest detail/text
    detail/validate
    detail/topic_match detail/utf8)
set(layer_1 # inputs: the model types, the policy, and reading them
    rapport/member rapport/channel rapport/interaction rapport/post rapport/request rapport/outcome rapport/event rapport/policy
    rapport/json/text rapport/json/model
    detail/fingerprint detail/fingerprint_set detail/member_index detail/pair_index detail/json_read
    detail/json_fields)
set(layer_2 # the network, and its files
    rapport/relationship rapport/network rapport/io
    detail/network_state detail/kind_tally detail/member_table detail/recording detail/learning_state
    detail/snapshot_json)
set(layer_3 # scoring
    rapport/reason rapport/score rapport/scoring_pool
    detail/room detail/scoring detail/reasons detail/dimensions detail/learning
    detail/pool_access)
set(layer_4 # results
    rapport/plan rapport/overload rapport/attention rapport/json/results
    detail/attention)
set(layer_5 # outputs, adapters and the umbrellas
    rapport/result_files rapport/shared_network rapport/json rapport/activitypub rapport/replay rapport/core
    rapport/rapport)

function(layer_of name out)
  foreach(layer RANGE 5)
    if(name IN_LIST layer_${layer})
      set(${out} ${layer} PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

file(GLOB_RECURSE public RELATIVE ${ROOT}/include ${ROOT}/include/rapport/*.hpp)
file(GLOB private RELATIVE ${ROOT}/src ${ROOT}/src/detail/*.hpp)
set(failures "")
foreach(header IN LISTS public private)
  if(header MATCHES "^rapport/")
    set(path ${ROOT}/include/${header})
  else()
    set(path ${ROOT}/src/${header})
  endif()
  string(REGEX REPLACE "\\.hpp$" "" name ${header})
  layer_of(${name} own)
  if(own STREQUAL "")
    string(APPEND failures "${header}: in no layer; add it to tests/layers.cmake\n")
    continue()
  endif()
  file(STRINGS ${path} lines REGEX "^#include [<\"]")
  foreach(line IN LISTS lines)
    if(line MATCHES "^#include <(rapport/[a-z_/]+)\\.hpp>")
      set(included ${CMAKE_MATCH_1})
    elseif(line MATCHES "^#include \"(detail/)?([a-z_]+)\\.hpp\"")
      set(included detail/${CMAKE_MATCH_2})  # a private header, named from src/ or next to this one
    else()
      continue()
    endif()
    layer_of(${included} theirs)
    if(theirs STREQUAL "")
      string(APPEND failures "${header}: includes ${included}.hpp, which is in no layer\n")
    elseif(theirs GREATER own)
      string(APPEND failures "${header} (layer ${own}) includes ${included}.hpp (layer ${theirs}), upstream\n")
    endif()
  endforeach()
endforeach()
if(failures)
  message(FATAL_ERROR "${failures}")
endif()
