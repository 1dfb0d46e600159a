# A network of an owner and 320 contacts: `rapport graph` lays out up to 300 members with neato and
# more with sfdp, and --top keeps the owner and its N strongest ties.
#   -DTOOL=... -DEMPTY=empty_network.json -DDIR=work directory
set(events "${DIR}/large_graph.jsonl")
set(lines "{\"member\": {\"handle\": \"owner\", \"name\": \"Owner\"}}\n{\"channel\": {\"owner\": \"owner\", \"name\": \"blog\", \"audience_size\": 100}}\n")
foreach(i RANGE 1 320)
  string(APPEND lines "{\"member\": {\"handle\": \"m${i}\", \"name\": \"名前 ${i}\"}}\n"
                      "{\"interaction\": {\"from\": \"m${i}\", \"to\": \"owner\", \"kind\": \"message\", \"at\": \"2026-01-01T00:00:00Z\"}}\n")
endforeach()
file(WRITE ${events} "${lines}")
execute_process(COMMAND ${TOOL} apply ${EMPTY} ${events} -o ${DIR}/large_graph.json RESULT_VARIABLE status ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "apply failed: ${err}")
endif()
foreach(case "0|sfdp|321" "299|neato|300" "300|sfdp|301")
  string(REPLACE "|" ";" case "${case}")
  list(GET case 0 top)
  list(GET case 1 layout)
  list(GET case 2 nodes)
  execute_process(COMMAND ${TOOL} graph ${DIR}/large_graph.json --dot --top ${top} OUTPUT_VARIABLE dot RESULT_VARIABLE status)
  string(REGEX MATCHALL "label=\"" shown "${dot}")  # a node's; the legend is label=<...>
  list(LENGTH shown count)
  if(NOT status EQUAL 0 OR NOT dot MATCHES "layout=${layout}," OR NOT count EQUAL nodes)
    message(FATAL_ERROR "--top ${top}: expected layout=${layout} and ${nodes} members, got ${count}:\n${dot}")
  endif()
endforeach()
