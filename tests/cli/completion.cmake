# Runs the bash completion function for a command line and checks what it offers.
#   -DBASH=bash -DSCRIPT=rapport.bash -DTOOL=... -DWORDS="plan --p" -DEXPECT="--pin --policy"
# The last word of WORDS is the one being completed ("@": an empty word); EXPECT is the completions,
# space-separated.
string(REPLACE " " ";" words "${WORDS}")
list(LENGTH words cword)
string(REPLACE ";" "' '" quoted "${words}")
string(REGEX REPLACE "@$" "" quoted "${quoted}")
execute_process(COMMAND ${BASH} -c "source '${SCRIPT}'; COMP_WORDS=('${TOOL}' '${quoted}'); COMP_CWORD=${cword}; _rapport; echo \"\${COMPREPLY[*]}\""
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT status EQUAL 0 OR NOT out STREQUAL "${EXPECT}")
  message(FATAL_ERROR "completing '${WORDS}': got '${out}', expected '${EXPECT}' (status ${status})\n${err}")
endif()
