# Runs the rapport tool once and checks its exit status, and its standard output against a golden file
# or its standard error against a pattern. Set RAPPORT_UPDATE_GOLDEN=1 in the environment to rewrite
# the golden file from the current output instead.
#   -DTOOL=... -DARGS=a|b|c -DEXPECT_EXIT=0 [-DGOLDEN=file -DACTUAL=file] [-DSTDERR_MATCH=regex]
#   [-DSTDIN=file] [-DWORKDIR=dir]
string(REPLACE "|" ";" ARGS "${ARGS}")
if(NOT DEFINED WORKDIR)
  set(WORKDIR ".")
endif()
set(input_args)
if(DEFINED STDIN)
  set(input_args INPUT_FILE ${STDIN})
endif()
execute_process(COMMAND ${TOOL} ${ARGS} WORKING_DIRECTORY ${WORKDIR} ${input_args}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL EXPECT_EXIT)
  message(FATAL_ERROR "exit status ${status}, expected ${EXPECT_EXIT}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED GOLDEN)
  if("$ENV{RAPPORT_UPDATE_GOLDEN}" STREQUAL "1")
    file(WRITE ${GOLDEN} "${out}")
  else()
    file(READ ${GOLDEN} expected)
    if(NOT out STREQUAL expected)
      file(WRITE ${ACTUAL} "${out}")
      message(FATAL_ERROR "output differs from the golden file:\ndiff ${GOLDEN} ${ACTUAL}")
    endif()
  endif()
endif()
if(DEFINED STDERR_MATCH AND NOT err MATCHES "${STDERR_MATCH}")
  message(FATAL_ERROR "stderr does not match '${STDERR_MATCH}':\n${err}")
endif()
