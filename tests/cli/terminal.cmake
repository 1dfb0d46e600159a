# Runs the rapport tool under a pseudo-terminal (script(1)) with TERM and NO_COLOR set, and checks
# whether its output holds escape sequences (colours).
#   -DSCRIPT=script -DTOOL=... -DARGS="a b c" -DTERM=xterm -DNO_COLOR=value|"" -DEXPECT_ESCAPES=0|1
execute_process(COMMAND ${CMAKE_COMMAND} -E env TERM=${TERM} NO_COLOR=${NO_COLOR}
                        ${SCRIPT} -qec "${TOOL} ${ARGS}" /dev/null
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "exit status ${status}\n${out}\n${err}")
endif()
if(NOT out MATCHES "Triage at")
  message(FATAL_ERROR "no triage table:\n${out}")
endif()
string(ASCII 27 escape)
string(FIND "${out}" "${escape}" at)
if(EXPECT_ESCAPES AND at EQUAL -1)
  message(FATAL_ERROR "expected colours on a terminal, got none:\n${out}")
elseif(NOT EXPECT_ESCAPES AND NOT at EQUAL -1)
  message(FATAL_ERROR "expected no escape sequence, got one at ${at}:\n${out}")
endif()
