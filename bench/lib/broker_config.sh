# The broker configuration of the benches, made from config/renkei.example.xml. Sourced;
# expects $ROOT (the repository) and die() (procs.sh).

# make_config FILE JUKI_ENDPOINT JUMINZEI_ENDPOINT VALIDATE: config/renkei.example.xml with
# kernel-chosen ports (0), the store in $WORK, absolute schema dirs and the given endpoints
# (the other units point at the discard port, where nothing listens). As in
# tests/integration/support/running_broker.h; a replacement that no longer matches the
# example is an error, not a silently different benchmark.
make_config() {
  local file=$1 juki=$2 juminzei=$3 validate=$4 workers=${5:-} db="${1%.xml}.db"
  local -a edits=(
    's#port="8080"#port="0"#' 's#port="8081"#port="0"#'
    "s#path=\"../var/renkei.db\"#path=\"$db\"#"
    "s#xsdDir=\"../xsd\"#xsdDir=\"$ROOT/xsd\"#" "s#wsdlDir=\"../wsdl\"#wsdlDir=\"$ROOT/wsdl\"#"
    "s#\"http://127.0.0.1:18081/\"#\"$juki\"#" "s#\"http://127.0.0.1:18083/\"#\"$juminzei\"#"
    's#"http://127.0.0.1:1808[24]/"#"http://127.0.0.1:9/"#')
  local expr=()
  for e in "${edits[@]}"; do expr+=(-e "$e"); done
  [[ $validate == false ]] && expr+=(-e 's#<schemas #<schemas validate="false" #')
  [[ -n $workers ]] && expr+=(-e "/<listen /s#workers=\"[0-9]*\"#workers=\"$workers\"#")
  sed "${expr[@]}" "$ROOT/config/renkei.example.xml" > "$file"
  local expected
  local checks=("path=\"$db\"" "xsdDir=\"$ROOT/xsd\"" "\"$juki\"" "\"$juminzei\"" 'port="0"')
  [[ $validate == false ]] && checks+=('validate="false"')
  [[ -n $workers ]] && checks+=("workers=\"$workers\"")
  for expected in "${checks[@]}"; do
    grep -qF "$expected" "$file" ||
      die "config/renkei.example.xml changed: the bench config lacks $expected (fix make_config)"
  done
  ! grep -q '1808[1-4]\|\.\./' "$file" ||
    die "config/renkei.example.xml changed: unreplaced endpoint or relative path in $file"
}
