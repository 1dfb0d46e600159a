# bash completion for rapport. Commands, options and --format's values are read from the tool's own
# --help, so they never go stale; arguments complete as file names.
_rapport() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} tool=${COMP_WORDS[0]} command="" i
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ ${COMP_WORDS[i]} != -* ]]; then
      command=${COMP_WORDS[i]}
      break
    fi
  done
  local words
  if [[ -z $command ]]; then
    words="$("$tool" --help 2>/dev/null | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p') --help --version"
  elif [[ $prev == --format ]]; then
    words=$("$tool" "$command" --help 2>/dev/null | sed -n 's/^  --format \([a-z|]*\).*/\1/p' | tr '|' ' ')
  elif [[ $cur == -* ]]; then
    words=$("$tool" "$command" --help 2>/dev/null | sed -n '/^options:/,$s/^  \(-[^ ]*\).*/\1/p' | tr ',' ' ')
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    return
  fi
  mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
}
complete -o filenames -F _rapport rapport
