# Writes the rapport(1) man page with help2man from the tool's --help and --version, and a COMMANDS
# section from each command's --help, so the page says what the tool says.
#   -DTOOL=... -DHELP2MAN=... -DOUTPUT=rapport.1
execute_process(COMMAND ${TOOL} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${TOOL} --help failed")
endif()
string(REGEX MATCH "\ncommands:\n(  [^\n]*\n)+" listing "${help}")
string(REGEX MATCHALL "\n  [a-z]+" commands "${listing}")
set(include "[SYNOPSIS]\n.B rapport\nCOMMAND [ARGS...]\n.br\n.B rapport\n--help | --version\n[COMMANDS]\n")
foreach(command ${commands})
  string(STRIP "${command}" command)
  execute_process(COMMAND ${TOOL} ${command} --help OUTPUT_VARIABLE text)
  # roff: a backslash is \e, and a line starting with '.' or "'" would be a request.
  string(REPLACE "\\" "\\e" text "${text}")
  string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" text "${text}")
  string(APPEND include ".SS rapport ${command}\n.nf\n${text}.fi\n")
endforeach()
string(APPEND include
  "[ENVIRONMENT]\n.TP\n.B NO_COLOR\nAny non-empty value turns colours off (https://no-color.org).\n"
  ".TP\n.B TERM\n\\fBdumb\\fR turns colours and progress bars off.\n"
  "[SEE ALSO]\nThe file formats, with complete examples, are in docs/formats.md of the rapport sources.\n")
file(WRITE ${OUTPUT}.h2m "${include}")
execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section=1
                        "--name=score promotion requests against a relationship graph"
                        --include=${OUTPUT}.h2m --output=${OUTPUT} ${TOOL}
                RESULT_VARIABLE status ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "help2man failed: ${err}")
endif()
