# Checks the generated man page: its synopsis, and a section for each command with that command's usage.
#   -DPAGE=rapport.1
file(READ ${PAGE} page)
foreach(expected "\\.SH SYNOPSIS" "\\.SH COMMANDS" "\\.SH ENVIRONMENT")
  if(NOT page MATCHES "${expected}")
    message(FATAL_ERROR "${PAGE} has no ${expected}")
  endif()
endforeach()
foreach(command triage report plan attention apply graph import replay)
  if(NOT page MATCHES "\\.SS rapport ${command}\n\\.nf\nusage: rapport ${command} ")
    message(FATAL_ERROR "${PAGE} does not document ${command}")
  endif()
endforeach()
