# The catalogue of bad inputs: one row per case, registered by catalogue_case() in tests/CMakeLists.txt.
#   catalogue_case(KIND "what is wrong" EXIT "exact standard error, as a regex" COMMAND ARGS...)
# Paths are relative to tests/. @OUT@ stands for an output path of the case's own, which must not exist
# after the run: a command that fails writes nothing. Cases with EXIT 0 are inputs that are accepted.
# Bytes outside ASCII (invalid UTF-8 echoed back) are matched by '.' in the patterns.
# The inputs are under tests/catalogue/<kind>/; an ActivityPub export is a directory of its own.

# ---------------- Network snapshots (rapport.network)
catalogue_case(snapshot "truncated JSON" 1 "^rapport apply: catalogue/snapshot/truncated\\.json:1:57: invalid JSON: incomplete JSON\n\$"
               apply catalogue/snapshot/truncated.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "empty file" 1 "^rapport apply: catalogue/snapshot/empty\\.json:1:1: invalid JSON: incomplete JSON\n\$"
               apply catalogue/snapshot/empty.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "not an object" 1 "^rapport apply: catalogue/snapshot/array\\.json: expected an object \\(got '\\[\\]'\\)\n\$"
               apply catalogue/snapshot/array.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "trailing text after the object" 1 "^rapport apply: catalogue/snapshot/trailing\\.json:1:96: invalid JSON: extra data \\(got 'x'\\)\n\$"
               apply catalogue/snapshot/trailing.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "another format" 1 "^rapport apply: catalogue/snapshot/wrong_format\\.json: format: expected \"rapport\\.network\" \\(got '\"rapport\\.requests\"'\\)\n\$"
               apply catalogue/snapshot/wrong_format.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a version from the future" 1 "^rapport apply: catalogue/snapshot/version8\\.json: version: unsupported format version, expected 1 to 7 \\(got '8'\\)\n\$"
               apply catalogue/snapshot/version8.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "version missing" 1 "^rapport apply: catalogue/snapshot/no_version\\.json: version: missing field\n\$"
               apply catalogue/snapshot/no_version.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "format missing" 1 "^rapport apply: catalogue/snapshot/no_format\\.json: format: missing field\n\$"
               apply catalogue/snapshot/no_format.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "version as a string" 1 "^rapport apply: catalogue/snapshot/version_string\\.json: version: expected an integer \\(got '\"2\"'\\)\n\$"
               apply catalogue/snapshot/version_string.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "version as a double" 1 "^rapport apply: catalogue/snapshot/version_double\\.json: version: expected an integer \\(got '2\\.0'\\)\n\$"
               apply catalogue/snapshot/version_double.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "members not an array" 1 "^rapport apply: catalogue/snapshot/members_object\\.json: members: expected an array \\(got '{\"handle\":\"ana\"}'\\)\n\$"
               apply catalogue/snapshot/members_object.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a handle that is a number" 1 "^rapport apply: catalogue/snapshot/handle_number\\.json: members\\[0\\]\\.handle: expected a string \\(got '7'\\)\n\$"
               apply catalogue/snapshot/handle_number.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a member without a handle" 1 "^rapport apply: catalogue/snapshot/no_handle\\.json: members\\[0\\]\\.handle: missing field\n\$"
               apply catalogue/snapshot/no_handle.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "an empty handle" 1 "^rapport apply: catalogue/snapshot/empty_handle\\.json: members\\[0\\]\\.handle: must not be empty \\(got '\"\"'\\)\n\$"
               apply catalogue/snapshot/empty_handle.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "an unknown top-level field" 1 "^rapport apply: catalogue/snapshot/unknown_top\\.json: memberz: unknown field \\(got '\\[\\]'\\)\n\$"
               apply catalogue/snapshot/unknown_top.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "an unknown member field" 1 "^rapport apply: catalogue/snapshot/unknown_member_field\\.json: members\\[0\\]\\.energie: unknown field \\(got '0\\.5'\\)\n\$"
               apply catalogue/snapshot/unknown_member_field.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a duplicate member" 1 "^rapport apply: catalogue/snapshot/duplicate_member\\.json: members\\[1\\]\\.handle: duplicate member \\(got '\"ana\"'\\)\n\$"
               apply catalogue/snapshot/duplicate_member.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a duplicate key in an object" 1 "^rapport apply: catalogue/snapshot/duplicate_key\\.json: members\\[0\\]: duplicate key \\(got '\"handle\"'\\)\n\$"
               apply catalogue/snapshot/duplicate_key.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "energy above 1" 1 "^rapport apply: catalogue/snapshot/energy_2\\.json: members\\[0\\]\\.energy: out of range \\(got '2'\\)\n\$"
               apply catalogue/snapshot/energy_2.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "energy 1e999" 1 "^rapport apply: catalogue/snapshot/energy_1e999\\.json: members\\[0\\]\\.energy: number too large \\(got '1e999'\\)\n\$"
               apply catalogue/snapshot/energy_1e999.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "energy 10e308 (1e308*10)" 1 "^rapport apply: catalogue/snapshot/energy_10e308\\.json: members\\[0\\]\\.energy: number too large \\(got '10e308'\\)\n\$"
               apply catalogue/snapshot/energy_10e308.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "energy -1e999" 1 "^rapport apply: catalogue/snapshot/energy_minus_1e999\\.json: members\\[0\\]\\.energy: number too large \\(got '-1e999'\\)\n\$"
               apply catalogue/snapshot/energy_minus_1e999.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "cadence 30.0, not an integer" 1 "^rapport apply: catalogue/snapshot/cadence_double\\.json: members\\[0\\]\\.cadence: expected an integer \\(got '30\\.0'\\)\n\$"
               apply catalogue/snapshot/cadence_double.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "cadence beyond int64" 1 "^rapport apply: catalogue/snapshot/cadence_int64\\.json: members\\[0\\]\\.cadence: out of range \\(got '9223372036854775808'\\)\n\$"
               apply catalogue/snapshot/cadence_int64.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "cadence beyond uint64" 1 "^rapport apply: catalogue/snapshot/cadence_uint64\\.json: members\\[0\\]\\.cadence: number too large \\(got '18446744073709551616'\\)\n\$"
               apply catalogue/snapshot/cadence_uint64.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a negative cadence" 1 "^rapport apply: catalogue/snapshot/cadence_negative\\.json: members\\[0\\]\\.cadence: out of range \\(got '-1'\\)\n\$"
               apply catalogue/snapshot/cadence_negative.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "deep nesting" 1 "^rapport apply: catalogue/snapshot/deep\\.json:1:87: invalid JSON: more than 32 arrays and objects nested in one another \\(got '\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\['\\)\n\$"
               apply catalogue/snapshot/deep.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "invalid UTF-8 in a name" 1 "^rapport apply: catalogue/snapshot/bad_utf8\\.json:1:86: invalid JSON: invalid UTF-8 \\(got '\\\\xFF'\\)\n\$"
               apply catalogue/snapshot/bad_utf8.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a duplicate channel" 1 "^rapport apply: catalogue/snapshot/duplicate_channel\\.json: channels\\[1\\]\\.name: duplicate channel \\(got '\"blog\"'\\)\n\$"
               apply catalogue/snapshot/duplicate_channel.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a channel of an unknown owner" 1 "^rapport apply: catalogue/snapshot/channel_owner\\.json: channels\\[0\\]\\.owner: unknown member \\(got '\"zed\"'\\)\n\$"
               apply catalogue/snapshot/channel_owner.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a negative audience" 1 "^rapport apply: catalogue/snapshot/audience_negative\\.json: channels\\[0\\]\\.audience_size: out of range \\(got '-1'\\)\n\$"
               apply catalogue/snapshot/audience_negative.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a duplicate pair" 1 "^rapport apply: catalogue/snapshot/duplicate_pair\\.json: pairs\\[1\\]\\.between: duplicate pair \\(got '\\[\"ben\",\"ana\"\\]'\\)\n\$"
               apply catalogue/snapshot/duplicate_pair.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a pair with an unknown member" 1 "^rapport apply: catalogue/snapshot/pair_unknown\\.json: pairs\\[0\\]\\.between\\[1\\]: unknown member \\(got '\"zed\"'\\)\n\$"
               apply catalogue/snapshot/pair_unknown.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a pair of one member with itself" 1 "^rapport apply: catalogue/snapshot/pair_self\\.json: pairs\\[0\\]\\.between\\[1\\]: a member cannot address itself \\(got '\"ana\"'\\)\n\$"
               apply catalogue/snapshot/pair_self.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a launch that ends before it begins" 1 "^rapport apply: catalogue/snapshot/launch_backwards\\.json: members\\[0\\]\\.launches\\[0\\]: ends before it begins \\(got '{\"begin\":\"2026-02-01T00:00:00Z\",\"end\":\"2026-01-01T00:00:00Z\"}'\\)\n\$"
               apply catalogue/snapshot/launch_backwards.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a time in year 10000" 1 "^rapport apply: catalogue/snapshot/year_10000\\.json: posts\\[0\\]\\.at: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '\"10000-01-01T00:00:00Z\"'\\)\n\$"
               apply catalogue/snapshot/year_10000.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "unix seconds past 9999" 1 "^rapport apply: catalogue/snapshot/unix_future\\.json: members\\[0\\]\\.launches\\[0\\]\\.begin: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '253402300800'\\)\n\$"
               apply catalogue/snapshot/unix_future.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "unix seconds before 0000" 1 "^rapport apply: catalogue/snapshot/unix_past\\.json: members\\[0\\]\\.launches\\[0\\]\\.begin: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '-62167219201'\\)\n\$"
               apply catalogue/snapshot/unix_past.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "February 30th" 1 "^rapport apply: catalogue/snapshot/feb30\\.json: members\\[0\\]\\.launches\\[0\\]\\.begin: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '\"2026-02-30T00:00:00Z\"'\\)\n\$"
               apply catalogue/snapshot/feb30.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "unix seconds as a double" 1 "^rapport apply: catalogue/snapshot/unix_double\\.json: members\\[0\\]\\.launches\\[0\\]\\.begin: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '1000\\.5'\\)\n\$"
               apply catalogue/snapshot/unix_double.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "an empty topic segment" 1 "^rapport apply: catalogue/snapshot/topic_empty_segment\\.json: members\\[0\\]\\.topics\\[0\\]\\.path: invalid topic path \\(got '\"a//b\"'\\)\n\$"
               apply catalogue/snapshot/topic_empty_segment.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a misspelt policy weight" 1 "^rapport apply: catalogue/snapshot/policy_unknown\\.json: policy\\.weights\\.relevence: unknown field \\(got '0\\.3'\\)\n\$"
               apply catalogue/snapshot/policy_unknown.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a policy gate out of range" 1 "^rapport apply: catalogue/snapshot/policy_gate\\.json: policy\\.gates\\.accept: invalid policy value \\(got '2'\\)\n\$"
               apply catalogue/snapshot/policy_gate.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a fingerprint that is not hexadecimal" 1 "^rapport apply: catalogue/snapshot/fingerprint\\.json: fingerprints\\[0\\]: expected a fingerprint: 16 hexadecimal digits, not all 0 \\(got '\"zz\"'\\)\n\$"
               apply catalogue/snapshot/fingerprint.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "an ask whose last is before its first" 1 "^rapport apply: catalogue/snapshot/ask_backwards\\.json: asks\\[0\\]\\.last: before \"first\" \\(got '\"2026-01-01T00:00:00Z\"'\\)\n\$"
               apply catalogue/snapshot/ask_backwards.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a post on an unknown channel" 1 "^rapport apply: catalogue/snapshot/post_channel\\.json: posts\\[0\\]\\.channel: unknown channel \\(got '\"vlog\"'\\)\n\$"
               apply catalogue/snapshot/post_channel.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "an unknown interaction kind in from_other" 1 "^rapport apply: catalogue/snapshot/from_other_kind\\.json: pairs\\[0\\]\\.views\\[0\\]\\.from_other\\.hug: unknown field \\(got '1'\\)\n\$"
               apply catalogue/snapshot/from_other_kind.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a byte order mark is accepted" 0 "^apply: 1 events applied, 0 skipped as already in the network\n\$"
               apply catalogue/snapshot/bom.json catalogue/events/ok.jsonl -o -)
catalogue_case(snapshot "CRLF line ends are accepted" 0 "^apply: 1 events applied, 0 skipped as already in the network\n\$"
               apply catalogue/snapshot/crlf.json catalogue/events/ok.jsonl -o -)
catalogue_case(snapshot "a directory" 1 "^rapport apply: catalogue/snapshot: is a directory, not a file\n\$"
               apply catalogue/snapshot catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a missing file" 1 "^rapport apply: catalogue/snapshot/nowhere\\.json: cannot open file\n\$"
               apply catalogue/snapshot/nowhere.json catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "a read error (/proc/self/mem)" 1 "^rapport apply: /proc/self/mem: cannot read file \\(Input/output error\\)\n\$"
               apply /proc/self/mem catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(snapshot "bad snapshot via triage" 1 "^rapport triage: catalogue/snapshot/energy_2\\.json: members\\[0\\]\\.energy: out of range \\(got '2'\\)\n\$"
               triage catalogue/snapshot/energy_2.json catalogue/requests/ok.json)
catalogue_case(snapshot "bad snapshot via report" 1 "^rapport report: catalogue/snapshot/truncated\\.json:1:57: invalid JSON: incomplete JSON\n\$"
               report catalogue/snapshot/truncated.json)
catalogue_case(snapshot "bad snapshot via plan" 1 "^rapport plan: catalogue/snapshot/duplicate_member\\.json: members\\[1\\]\\.handle: duplicate member \\(got '\"ana\"'\\)\n\$"
               plan catalogue/snapshot/duplicate_member.json catalogue/requests/ok.json --learn @OUT@)
catalogue_case(snapshot "bad snapshot via attention" 1 "^rapport attention: catalogue/snapshot/version8\\.json: version: unsupported format version, expected 1 to 7 \\(got '8'\\)\n\$"
               attention catalogue/snapshot/version8.json)
catalogue_case(snapshot "bad snapshot via graph" 1 "^rapport graph: catalogue/snapshot/deep\\.json:1:87: invalid JSON: more than 32 arrays and objects nested in one another \\(got '\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\['\\)\n\$"
               graph catalogue/snapshot/deep.json --dot)

# ---------------- Event logs (rapport.events, JSON Lines)
catalogue_case(event_log "truncated line" 1 "^rapport apply: catalogue/events/truncated\\.jsonl:2:29: invalid JSON: incomplete JSON\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/truncated.jsonl -o @OUT@)
catalogue_case(event_log "a line that is not an object" 1 "^rapport apply: catalogue/events/number_line\\.jsonl:2: expected an object \\(got '42'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/number_line.jsonl -o @OUT@)
catalogue_case(event_log "a line with two events" 1 "^rapport apply: catalogue/events/two_keys\\.jsonl:2: channel: a second key on a line of \"member\": an event line has exactly one key \\(got '{\"owner\":\"ana\",\"name\":\"vlog\"}'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/two_keys.jsonl -o @OUT@)
catalogue_case(event_log "an empty object" 1 "^rapport apply: catalogue/events/empty_object\\.jsonl:2: expected an event: one of member, channel, interaction, post, request, outcome \\(got '{}'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/empty_object.jsonl -o @OUT@)
catalogue_case(event_log "an unknown event" 1 "^rapport apply: catalogue/events/unknown_event\\.jsonl:2: expected an event: one of member, channel, interaction, post, request, outcome \\(got '\"memberr\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/unknown_event.jsonl -o @OUT@)
catalogue_case(event_log "an unknown interaction kind" 1 "^rapport apply: catalogue/events/unknown_kind\\.jsonl:2: interaction\\.kind: expected one of met_in_person, call, message, liked, purchased, vetted, feedback, promoted, collaborated, introduced, asked, declined_request, kept_promise, broke_promise, cancelled \\(got '\"hug\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/unknown_kind.jsonl -o @OUT@)
catalogue_case(event_log "an unknown member" 1 "^rapport apply: catalogue/events/unknown_member\\.jsonl:2: interaction\\.to: unknown member \\(got '\"zed\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/unknown_member.jsonl -o @OUT@)
catalogue_case(event_log "an interaction with oneself" 1 "^rapport apply: catalogue/events/self\\.jsonl:2: interaction\\.to: a member cannot address itself \\(got '\"ana\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/self.jsonl -o @OUT@)
catalogue_case(event_log "an unknown interaction field" 1 "^rapport apply: catalogue/events/unknown_field\\.jsonl:2: interaction\\.wieght: unknown field \\(got '2'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/unknown_field.jsonl -o @OUT@)
catalogue_case(event_log "weight 1e999" 1 "^rapport apply: catalogue/events/weight_1e999\\.jsonl:2: interaction\\.weight: number too large \\(got '1e999'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/weight_1e999.jsonl -o @OUT@)
catalogue_case(event_log "weight 10e308" 1 "^rapport apply: catalogue/events/weight_10e308\\.jsonl:2: interaction\\.weight: number too large \\(got '10e308'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/weight_10e308.jsonl -o @OUT@)
catalogue_case(event_log "weight as a string" 1 "^rapport apply: catalogue/events/weight_string\\.jsonl:2: interaction\\.weight: expected a number \\(got '\"2\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/weight_string.jsonl -o @OUT@)
catalogue_case(event_log "a negative weight" 1 "^rapport apply: catalogue/events/weight_negative\\.jsonl:2: interaction\\.weight: out of range \\(got '-1'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/weight_negative.jsonl -o @OUT@)
catalogue_case(event_log "at as a boolean" 1 "^rapport apply: catalogue/events/at_bool\\.jsonl:2: interaction\\.at: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got 'true'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/at_bool.jsonl -o @OUT@)
catalogue_case(event_log "at in year 10000" 1 "^rapport apply: catalogue/events/at_10000\\.jsonl:2: interaction\\.at: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '\"10000-01-01T00:00:00Z\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/at_10000.jsonl -o @OUT@)
catalogue_case(event_log "at beyond uint64 unix seconds" 1 "^rapport apply: catalogue/events/at_int64\\.jsonl:2: interaction\\.at: number too large \\(got '99999999999999999999'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/at_int64.jsonl -o @OUT@)
catalogue_case(event_log "a stale interaction" 1 "^rapport apply: catalogue/events/stale\\.jsonl:3: interaction\\.at: older than the policy's max_lateness allows \\(got '\"2026-01-01T00:00:00Z\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/stale.jsonl -o @OUT@)
catalogue_case(event_log "a header of another format" 1 "^rapport apply: catalogue/events/header_format\\.jsonl:1: format: expected \"rapport\\.events\" \\(got '\"rapport\\.requests\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/header_format.jsonl -o @OUT@)
catalogue_case(event_log "a header from the future" 1 "^rapport apply: catalogue/events/header_version\\.jsonl:1: version: unsupported format version, expected 1 to 3 \\(got '4'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/header_version.jsonl -o @OUT@)
catalogue_case(event_log "a bad header further down" 1 "^rapport apply: catalogue/events/header_late\\.jsonl:3: version: unsupported format version, expected 1 to 3 \\(got '9'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/header_late.jsonl -o @OUT@)
catalogue_case(event_log "invalid UTF-8" 1 "^rapport apply: catalogue/events/bad_utf8\\.jsonl:2:25: invalid JSON: invalid UTF-8 \\(got '\\\\xFF'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/bad_utf8.jsonl -o @OUT@)
catalogue_case(event_log "a channel of an unknown owner" 1 "^rapport apply: catalogue/events/channel_owner\\.jsonl:2: channel\\.owner: unknown member \\(got '\"zed\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/channel_owner.jsonl -o @OUT@)
catalogue_case(event_log "a post on an unknown channel" 1 "^rapport apply: catalogue/events/post_channel\\.jsonl:2: post\\.channel: unknown channel \\(got '\"vlog\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/post_channel.jsonl -o @OUT@)
catalogue_case(event_log "a request from the owner to itself" 1 "^rapport apply: catalogue/events/request_self\\.jsonl:2: request\\.requester: a member cannot address itself \\(got '\"ana\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/request_self.jsonl -o @OUT@)
catalogue_case(event_log "a request to an unknown owner" 1 "^rapport apply: catalogue/events/request_owner\\.jsonl:2: request\\.owner: unknown member \\(got '\"zed\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/request_owner.jsonl -o @OUT@)
catalogue_case(event_log "a request of an unknown kind" 1 "^rapport apply: catalogue/events/request_kind\\.jsonl:2: request\\.kind: expected one of share, mention, review, guest_post, endorsement, co_creation, feedback \\(got '\"sharee\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/request_kind.jsonl -o @OUT@)
catalogue_case(event_log "an outcome for an unknown request" 1 "^rapport apply: catalogue/events/outcome_unknown\\.jsonl:2: outcome\\.request_id: no such request recorded \\(got '\"nope\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/outcome_unknown.jsonl -o @OUT@)
catalogue_case(event_log "an outcome before its request" 1 "^rapport apply: catalogue/events/outcome_early\\.jsonl:3: outcome\\.at: before the request arrived, at 2026-11-22T10:00:00Z \\(got '\"2026-11-21T10:00:00Z\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/outcome_early.jsonl -o @OUT@)
catalogue_case(event_log "an outcome with both id and request" 1 "^rapport apply: catalogue/events/outcome_both\\.jsonl:3: outcome\\.request_id: an outcome names its request one way, by \"request_id\" or in full as \"request\", not both \\(got '\"r1\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/outcome_both.jsonl -o @OUT@)
catalogue_case(event_log "an outcome naming no request" 1 "^rapport apply: catalogue/events/outcome_neither\\.jsonl:3: outcome\\.request_id: an outcome names its request, by \"request_id\" or in full as \"request\"\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/outcome_neither.jsonl -o @OUT@)
catalogue_case(event_log "an outcome of an unknown kind" 1 "^rapport apply: catalogue/events/outcome_kind\\.jsonl:3: outcome\\.kind: expected one of accepted, declined, deferred, countered, ignored, answered, not_important \\(got '\"maybe\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/outcome_kind.jsonl -o @OUT@)
catalogue_case(event_log "an outcome before the request line" 1 "^rapport apply: catalogue/events/outcome_first\\.jsonl:2: outcome\\.request_id: no such request recorded \\(got '\"r1\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/outcome_first.jsonl -o @OUT@)
catalogue_case(event_log "deep nesting" 1 "^rapport apply: catalogue/events/deep\\.jsonl:2:43: invalid JSON: more than 32 arrays and objects nested in one another \\(got '\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\['\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/deep.jsonl -o @OUT@)
catalogue_case(event_log "a duplicate key" 1 "^rapport apply: catalogue/events/duplicate_key\\.jsonl:2: channel: duplicate key \\(got '\"owner\"'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/duplicate_key.jsonl -o @OUT@)
catalogue_case(event_log "a cadence beyond int64" 1 "^rapport apply: catalogue/events/cadence_int64\\.jsonl:2: member\\.cadence: out of range \\(got '9223372036854775808'\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/cadence_int64.jsonl -o @OUT@)
catalogue_case(event_log "good lines, then a bad one" 1 "^rapport apply: catalogue/events/late_error\\.jsonl:5: interaction\\.at: missing field\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/late_error.jsonl -o @OUT@)
catalogue_case(event_log "a byte order mark is accepted" 0 "^apply: 1 events applied, 0 skipped as already in the network\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/bom.jsonl -o -)
catalogue_case(event_log "CRLF line ends are accepted" 0 "^apply: 1 events applied, 0 skipped as already in the network\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/crlf.jsonl -o -)
catalogue_case(event_log "a directory" 1 "^rapport apply: catalogue/events: is a directory, not a file\n\$"
               apply catalogue/snapshot/ok.json catalogue/events -o @OUT@)
catalogue_case(event_log "a missing file" 1 "^rapport apply: catalogue/events/nowhere\\.jsonl: cannot open file\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/nowhere.jsonl -o @OUT@)

# ---------------- Request files (rapport.requests)
catalogue_case(requests "truncated JSON" 1 "^rapport triage: catalogue/requests/truncated\\.json:1:61: invalid JSON: incomplete JSON\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/truncated.json)
catalogue_case(requests "requests not an array" 1 "^rapport triage: catalogue/requests/requests_object\\.json: requests: expected an array \\(got '{}'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/requests_object.json)
catalogue_case(requests "requests missing" 1 "^rapport triage: catalogue/requests/no_requests\\.json: requests: missing field\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/no_requests.json)
catalogue_case(requests "a topic that is a number" 1 "^rapport triage: catalogue/requests/topic_number\\.json: requests\\[0\\]\\.topics\\[1\\]: expected a string \\(got '42'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/topic_number.json)
catalogue_case(requests "an owner missing" 1 "^rapport triage: catalogue/requests/no_owner\\.json: requests\\[0\\]\\.owner: missing field\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/no_owner.json)
catalogue_case(requests "an unknown kind" 1 "^rapport triage: catalogue/requests/kind\\.json: requests\\[0\\]\\.kind: expected one of share, mention, review, guest_post, endorsement, co_creation, feedback \\(got '\"sharee\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/kind.json)
catalogue_case(requests "an unknown offer" 1 "^rapport triage: catalogue/requests/offer\\.json: requests\\[0\\]\\.offer: expected one of nothing, reciprocal_promotion, payment, promise \\(got '\"bribe\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/offer.json)
catalogue_case(requests "February 30th" 1 "^rapport triage: catalogue/requests/feb30\\.json: requests\\[0\\]\\.received: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '\"2026-02-30T00:00:00Z\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/feb30.json)
catalogue_case(requests "a received time in year 10000" 1 "^rapport triage: catalogue/requests/year_10000\\.json: requests\\[0\\]\\.received: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '\"10000-01-01T00:00:00Z\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/year_10000.json)
catalogue_case(requests "a received time before year 0000" 1 "^rapport triage: catalogue/requests/unix_past\\.json: requests\\[0\\]\\.received: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '-62167219201'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/unix_past.json)
catalogue_case(requests "a received time beyond int64" 1 "^rapport triage: catalogue/requests/unix_int64\\.json: requests\\[0\\]\\.received: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '9223372036854775808'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/unix_int64.json)
catalogue_case(requests "content_quality 1e999" 1 "^rapport triage: catalogue/requests/quality_1e999\\.json: requests\\[0\\]\\.content_quality: number too large \\(got '1e999'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/quality_1e999.json)
catalogue_case(requests "content_quality 10e308" 1 "^rapport triage: catalogue/requests/quality_10e308\\.json: requests\\[0\\]\\.content_quality: number too large \\(got '10e308'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/quality_10e308.json)
catalogue_case(requests "content_quality above 1" 1 "^rapport triage: catalogue/requests/quality_1_5\\.json: requests\\[0\\]\\.content_quality: out of range \\(got '1\\.5'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/quality_1_5.json)
catalogue_case(requests "another version" 1 "^rapport triage: catalogue/requests/version2\\.json: version: unsupported format version, expected 1 \\(got '2'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/version2.json)
catalogue_case(requests "another format" 1 "^rapport triage: catalogue/requests/wrong_format\\.json: format: expected \"rapport\\.requests\" \\(got '\"rapport\\.policy\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/wrong_format.json)
catalogue_case(requests "an unknown field" 1 "^rapport triage: catalogue/requests/unknown_field\\.json: requests\\[0\\]\\.urgent: unknown field \\(got 'true'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/unknown_field.json)
catalogue_case(requests "preview as a string" 1 "^rapport triage: catalogue/requests/preview_string\\.json: requests\\[0\\]\\.preview: expected true or false \\(got '\"yes\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/preview_string.json)
catalogue_case(requests "an id that is a number" 1 "^rapport triage: catalogue/requests/id_number\\.json: requests\\[0\\]\\.id: expected a string \\(got '1'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/id_number.json)
catalogue_case(requests "an unknown owner" 1 "^rapport triage: catalogue/requests/owner_unknown\\.json: requests\\[0\\]\\.owner: unknown member \\(got '\"zed\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/owner_unknown.json)
catalogue_case(requests "an unknown channel" 1 "^rapport triage: catalogue/requests/channel_unknown\\.json: requests\\[0\\]\\.channels\\[0\\]: unknown channel \\(got '\"vlog\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/channel_unknown.json)
catalogue_case(requests "a request to oneself" 1 "^rapport triage: catalogue/requests/self\\.json: requests\\[0\\]\\.requester: a member cannot address itself \\(got '\"ana\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/self.json)
catalogue_case(requests "an empty requester" 1 "^rapport triage: catalogue/requests/empty_requester\\.json: requests\\[0\\]\\.requester: must not be empty \\(got '\"\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/empty_requester.json)
catalogue_case(requests "invalid UTF-8" 1 "^rapport triage: catalogue/requests/bad_utf8\\.json:1:75: invalid JSON: invalid UTF-8 \\(got '\\\\xFF'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/bad_utf8.json)
catalogue_case(requests "deep nesting" 1 "^rapport triage: catalogue/requests/deep\\.json:1:89: invalid JSON: more than 32 arrays and objects nested in one another \\(got '\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\['\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/deep.json)
catalogue_case(requests "a byte order mark is accepted" 0 "^\$"
               triage catalogue/snapshot/ok.json catalogue/requests/bom.json)
catalogue_case(requests "CRLF line ends are accepted" 0 "^\$"
               triage catalogue/snapshot/ok.json catalogue/requests/crlf.json)
catalogue_case(requests "a directory" 1 "^rapport triage: catalogue/requests: is a directory, not a file\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests)
catalogue_case(requests "bad requests via plan --learn" 1 "^rapport plan: catalogue/requests/owner_unknown\\.json: requests\\[0\\]\\.owner: unknown member \\(got '\"zed\"'\\)\n\$"
               plan catalogue/snapshot/ok.json catalogue/requests/owner_unknown.json --learn @OUT@)
catalogue_case(requests "wanted_by before received" 1 "^rapport triage: catalogue/requests/wanted_early\\.json: requests\\[0\\]\\.wanted_by: before \"received\" \\(got '\"2026-01-01T00:00:00Z\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/wanted_early.json)
catalogue_case(requests "bad requests via report" 1 "^rapport report: catalogue/requests/kind\\.json: requests\\[0\\]\\.kind: expected one of share, mention, review, guest_post, endorsement, co_creation, feedback \\(got '\"sharee\"'\\)\n\$"
               report catalogue/snapshot/ok.json catalogue/requests/kind.json)

# ---------------- Policy files (rapport.policy)
catalogue_case(policy "truncated JSON" 1 "^rapport triage: catalogue/policy/truncated\\.json:1:54: invalid JSON: incomplete JSON\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/truncated.json)
catalogue_case(policy "a misspelt weight" 1 "^rapport triage: catalogue/policy/weights_unknown\\.json: weights\\.relevence: unknown field \\(got '0\\.3'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/weights_unknown.json)
catalogue_case(policy "a gate above 1" 1 "^rapport triage: catalogue/policy/gate_2\\.json: gates\\.accept: invalid policy value \\(got '2'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/gate_2.json)
catalogue_case(policy "three Dunbar layers" 1 "^rapport triage: catalogue/policy/dunbar_3\\.json: capacity\\.dunbar_layers: expected 4 entries \\(got '\\[5,15,50\\]'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/dunbar_3.json)
catalogue_case(policy "requests_per_week 2.5" 1 "^rapport triage: catalogue/policy/rpw_double\\.json: capacity\\.requests_per_week: expected an integer \\(got '2\\.5'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/rpw_double.json)
catalogue_case(policy "requests_per_week 1e999" 1 "^rapport triage: catalogue/policy/rpw_1e999\\.json: capacity\\.requests_per_week: number too large \\(got '1e999'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/rpw_1e999.json)
catalogue_case(policy "requests_per_week beyond uint64" 1 "^rapport triage: catalogue/policy/rpw_huge\\.json: capacity\\.requests_per_week: number too large \\(got '99999999999999999999'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/rpw_huge.json)
catalogue_case(policy "an unknown interaction kind" 1 "^rapport triage: catalogue/policy/kinds_unknown\\.json: kinds\\.hug: unknown field \\(got '{\"value\":1\\.0}'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/kinds_unknown.json)
catalogue_case(policy "an unknown offer" 1 "^rapport triage: catalogue/policy/offer_unknown\\.json: offer_value\\.bribe: unknown field \\(got '1\\.0'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/offer_unknown.json)
catalogue_case(policy "learning.enabled as a string" 1 "^rapport triage: catalogue/policy/learning_string\\.json: learning\\.enabled: expected true or false \\(got '\"yes\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/learning_string.json)
catalogue_case(policy "a zero half-life" 1 "^rapport triage: catalogue/policy/half_life_zero\\.json: decay\\.context_half_life: invalid policy value \\(got '0'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/half_life_zero.json)
catalogue_case(policy "a weight of 1e308*10" 1 "^rapport triage: catalogue/policy/weight_10e308\\.json: weights\\.relevance: number too large \\(got '10e308'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/weight_10e308.json)
catalogue_case(policy "another format" 1 "^rapport triage: catalogue/policy/wrong_format\\.json: format: expected \"rapport\\.policy\" \\(got '\"rapport\\.network\"'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/wrong_format.json)
catalogue_case(policy "a version from the future" 1 "^rapport triage: catalogue/policy/version3\\.json: version: unsupported format version, expected 1 to 2 \\(got '3'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/version3.json)
catalogue_case(policy "deep nesting" 1 "^rapport triage: catalogue/policy/deep\\.json:1:86: invalid JSON: more than 32 arrays and objects nested in one another \\(got '\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\['\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/deep.json)
catalogue_case(policy "invalid UTF-8" 1 "^rapport triage: catalogue/policy/bad_utf8\\.json:1:62: invalid JSON: invalid UTF-8 \\(got '\\\\xFF'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/bad_utf8.json)
catalogue_case(policy "a decay the network was not built with" 1 "^rapport triage: catalogue/policy/decay_mismatch\\.json: decay\\.context_half_life: differs from the network's 365 days; a network keeps the decay it was built with \\(got '100'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/decay_mismatch.json)
catalogue_case(policy "a byte order mark is accepted" 0 "^\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/bom.json)
catalogue_case(policy "a directory" 1 "^rapport report: catalogue/policy: is a directory, not a file\n\$"
               report catalogue/snapshot/ok.json --policy catalogue/policy)
catalogue_case(policy "bad policy via replay -o" 1 "^rapport replay: catalogue/policy/gate_2\\.json: gates\\.accept: invalid policy value \\(got '2'\\)\n\$"
               replay catalogue/log/ok.txt --policy catalogue/policy/gate_2.json -o @OUT@)
catalogue_case(policy "bad policy via import -o" 1 "^rapport import: catalogue/policy/dunbar_3\\.json: capacity\\.dunbar_layers: expected 4 entries \\(got '\\[5,15,50\\]'\\)\n\$"
               import activitypub data/mastodon --policy catalogue/policy/dunbar_3.json -o @OUT@)
catalogue_case(policy "bad policy via plan --learn" 1 "^rapport plan: catalogue/policy/truncated\\.json:1:54: invalid JSON: incomplete JSON\n\$"
               plan catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/truncated.json --learn @OUT@)

# ---------------- Message logs (rapport replay, SNAP temporal)
catalogue_case(message_log "a timestamp that is a word" 1 "^rapport replay: catalogue/log/word\\.txt:2: ts: expected integral unix seconds, in years 0000 to 9999 \\(got 'yesterday'\\)\n\$"
               replay catalogue/log/word.txt -o @OUT@)
catalogue_case(message_log "a missing recipient" 1 "^rapport replay: catalogue/log/no_dst\\.txt:1: dst: missing field\n\$"
               replay catalogue/log/no_dst.txt -o @OUT@)
catalogue_case(message_log "a missing timestamp" 1 "^rapport replay: catalogue/log/no_ts\\.txt:1: ts: missing field\n\$"
               replay catalogue/log/no_ts.txt -o @OUT@)
catalogue_case(message_log "a timestamp of 1e999" 1 "^rapport replay: catalogue/log/ts_1e999\\.txt:1: ts: expected integral unix seconds, in years 0000 to 9999 \\(got '1e999'\\)\n\$"
               replay catalogue/log/ts_1e999.txt -o @OUT@)
catalogue_case(message_log "a timestamp beyond int64" 1 "^rapport replay: catalogue/log/ts_int64\\.txt:1: ts: expected integral unix seconds, in years 0000 to 9999 \\(got '99999999999999999999'\\)\n\$"
               replay catalogue/log/ts_int64.txt -o @OUT@)
catalogue_case(message_log "a timestamp past year 9999" 1 "^rapport replay: catalogue/log/ts_future\\.txt:1: ts: expected integral unix seconds, in years 0000 to 9999 \\(got '253402300800'\\)\n\$"
               replay catalogue/log/ts_future.txt -o @OUT@)
catalogue_case(message_log "a fractional timestamp" 1 "^rapport replay: catalogue/log/ts_fraction\\.txt:1: ts: expected integral unix seconds, in years 0000 to 9999 \\(got '1000\\.5'\\)\n\$"
               replay catalogue/log/ts_fraction.txt -o @OUT@)
catalogue_case(message_log "a message far older than its pair's latest is scored, not recorded, and named" 0 "^replay: 2 messages scored, 0 self-messages skipped, 2 members, 0 outcomes learned\nreplay: catalogue/log/stale\\.txt:2: ts earlier than line 1's: it was scored against history later than its own ts; sort the log by ts \\(sort -s -n -k3,3\\) to replay it as it happened\nreplay: catalogue/log/stale\\.txt:2: more than 30 days \\(decay\\.max_lateness\\) before its pair's latest message: scored, not recorded\n\$"
               replay catalogue/log/stale.txt)
catalogue_case(message_log "fields after the third are ignored, and the first line with one named" 0 "^replay: 3 messages scored, 0 self-messages skipped, 3 members, 0 outcomes learned\nreplay: catalogue/log/extra_field\\.txt:2: fields after src dst ts ignored, here and on 1 more line\n\$"
               replay catalogue/log/extra_field.txt)
catalogue_case(message_log "CRLF line ends are accepted" 0 "^replay: 2 messages scored, 0 self-messages skipped, 2 members, 0 outcomes learned\n\$"
               replay catalogue/log/crlf.txt)
catalogue_case(message_log "a byte order mark is accepted, and is not part of the first handle" 0 "^replay: 2 messages scored, 0 self-messages skipped, 2 members, 0 outcomes learned\n\$"
               replay catalogue/log/bom.txt)
catalogue_case(message_log "a handle longer than 512 bytes" 1 "^rapport replay: catalogue/log/long_handle\\.txt:1: dst: a handle or alias is at most 512 bytes \\(got '600 bytes'\\)\n\$"
               replay catalogue/log/long_handle.txt -o @OUT@)
catalogue_case(message_log "invalid UTF-8 in a handle" 1 "^rapport replay: catalogue/log/bad_utf8\\.txt:1: src: invalid UTF-8 \\(got '\\\\xFF'\\)\n\$"
               replay catalogue/log/bad_utf8.txt -o @OUT@)
catalogue_case(message_log "a directory" 1 "^rapport replay: catalogue/log: is a directory, not a file\n\$"
               replay catalogue/log -o @OUT@)
catalogue_case(message_log "a missing file" 1 "^rapport replay: catalogue/log/nowhere\\.txt: cannot open file\n\$"
               replay catalogue/log/nowhere.txt -o @OUT@)
catalogue_case(message_log "output onto the log" 1 "^rapport replay: catalogue/log/ok\\.txt: is also an input; write the output to another file\n\$"
               replay catalogue/log/ok.txt -o catalogue/log/ok.txt)
catalogue_case(message_log "output onto the policy" 1 "^rapport replay: catalogue/policy/ok\\.json: is also an input; write the output to another file\n\$"
               replay catalogue/log/ok.txt --policy catalogue/policy/ok.json -o catalogue/policy/ok.json)
catalogue_case(message_log "a full disk" 1 "^rapport replay: /dev/full: cannot write file \\(No space left on device\\)\n\$"
               replay catalogue/log/ok.txt -o /dev/full)

# ---------------- ActivityPub exports (rapport import activitypub)
catalogue_case(outbox "no actor.json" 1 "^rapport import: catalogue/outbox/no_actor/actor\\.json: cannot open file\n\$"
               import activitypub catalogue/outbox/no_actor -o @OUT@)
catalogue_case(outbox "no outbox.json" 1 "^rapport import: catalogue/outbox/no_outbox/outbox\\.json: cannot open file\n\$"
               import activitypub catalogue/outbox/no_outbox -o @OUT@)
catalogue_case(outbox "a truncated outbox" 1 "^rapport import: catalogue/outbox/truncated/outbox\\.json:10:10: invalid JSON: incomplete JSON\n\$"
               import activitypub catalogue/outbox/truncated -o @OUT@)
catalogue_case(outbox "orderedItems not an array" 1 "^rapport import: catalogue/outbox/items_object/outbox\\.json: orderedItems: expected an array \\(got '{}'\\)\n\$"
               import activitypub catalogue/outbox/items_object -o @OUT@)
catalogue_case(outbox "orderedItems missing" 1 "^rapport import: catalogue/outbox/items_missing/outbox\\.json: orderedItems: missing field\n\$"
               import activitypub catalogue/outbox/items_missing -o @OUT@)
catalogue_case(outbox "a published time that is not a time" 1 "^rapport import: catalogue/outbox/published_word/outbox\\.json: orderedItems\\[0\\]\\.object\\.published: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '\"yesterday\"'\\)\n\$"
               import activitypub catalogue/outbox/published_word -o @OUT@)
catalogue_case(outbox "a published time in year 10000" 1 "^rapport import: catalogue/outbox/published_10000/outbox\\.json: orderedItems\\[0\\]\\.object\\.published: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '\"10000-01-01T00:00:00Z\"'\\)\n\$"
               import activitypub catalogue/outbox/published_10000 -o @OUT@)
catalogue_case(outbox "a published time that is a number" 1 "^rapport import: catalogue/outbox/published_number/outbox\\.json: orderedItems\\[0\\]\\.object\\.published: number too large \\(got '1e999'\\)\n\$"
               import activitypub catalogue/outbox/published_number -o @OUT@)
catalogue_case(outbox "an activity that is not an object" 1 "^rapport import: catalogue/outbox/item_number/outbox\\.json: orderedItems\\[0\\]: expected an object \\(got '42'\\)\n\$"
               import activitypub catalogue/outbox/item_number -o @OUT@)
catalogue_case(outbox "invalid UTF-8" 1 "^rapport import: catalogue/outbox/bad_utf8/outbox\\.json:1:57: invalid JSON: invalid UTF-8 \\(got '\\\\xFF'\\)\n\$"
               import activitypub catalogue/outbox/bad_utf8 -o @OUT@)
catalogue_case(outbox "deep nesting" 1 "^rapport import: catalogue/outbox/deep/outbox\\.json:1:49: invalid JSON: more than 32 arrays and objects nested in one another \\(got '\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\[\\['\\)\n\$"
               import activitypub catalogue/outbox/deep -o @OUT@)
catalogue_case(outbox "an actor that is an array" 1 "^rapport import: catalogue/outbox/actor_array/actor\\.json: expected an object \\(got '\\[\\]'\\)\n\$"
               import activitypub catalogue/outbox/actor_array -o @OUT@)
catalogue_case(outbox "a malformed likes.json" 1 "^rapport import: catalogue/outbox/bad_likes/likes\\.json: orderedItems\\[0\\]: expected a URI or an object with an \"id\" \\(got '42'\\)\n\$"
               import activitypub catalogue/outbox/bad_likes -o @OUT@)
catalogue_case(outbox "actor.json is a directory" 1 "^rapport import: catalogue/outbox/actor_dir/actor\\.json: is a directory, not a file\n\$"
               import activitypub catalogue/outbox/actor_dir -o @OUT@)
catalogue_case(outbox "the export is a file" 1 "^rapport import: catalogue/outbox/truncated/outbox\\.json: no such directory\n\$"
               import activitypub catalogue/outbox/truncated/outbox.json -o @OUT@)
catalogue_case(outbox "a byte order mark is accepted" 0 "^Imported https://example\\.social/users/ana from catalogue/outbox/bom\n  channel mastodon: own posts 6, boosts of own posts 1, boosts \\(promotions\\) 4, of an unknown account 1\n  messages: replies 2, to an unknown account 1; mentions 4; direct statuses 1\n  likes: none \\(no likes\\.json\\)\n  topics \\(hashtags\\) 3\n  audience: 1200 followers\n  not imported: Create/Article 1, Follow 2\n  last activity 2026-02-23T09:00:00Z\n\$"
               import activitypub catalogue/outbox/bom -o -)
catalogue_case(outbox "output onto actor.json" 1 "^rapport import: catalogue/outbox/bom/actor\\.json: is also an input; write the output to another file\n\$"
               import activitypub catalogue/outbox/bom -o catalogue/outbox/bom/actor.json)
catalogue_case(outbox "output onto outbox.json" 1 "^rapport import: catalogue/outbox/bom/outbox\\.json: is also an input; write the output to another file\n\$"
               import activitypub catalogue/outbox/bom -o catalogue/outbox/bom/outbox.json)
catalogue_case(outbox "output onto the policy" 1 "^rapport import: catalogue/policy/ok\\.json: is also an input; write the output to another file\n\$"
               import activitypub data/mastodon --policy catalogue/policy/ok.json -o catalogue/policy/ok.json)
catalogue_case(outbox "a full disk" 1 "^rapport import: /dev/full: cannot write file \\(No space left on device\\)\n\$"
               import activitypub data/mastodon -o /dev/full)

# ---------------- The command line
catalogue_case(usage "apply: missing arguments" 2 "^rapport apply: EVENTS is required\n\nusage: rapport apply NETWORK EVENTS -o OUT\nRun 'rapport apply --help' for the arguments and options\\.\n\$"
               apply catalogue/snapshot/ok.json -o @OUT@)
catalogue_case(usage "apply: an extra argument" 2 "^rapport apply: unexpected argument catalogue/events/ok\\.jsonl\n\nusage: rapport apply "
               apply catalogue/snapshot/ok.json catalogue/events/ok.jsonl catalogue/events/ok.jsonl -o @OUT@)
catalogue_case(usage "apply: -o without a value" 2 "^rapport apply: -o needs a value\n\nusage: rapport apply "
               apply catalogue/snapshot/ok.json catalogue/events/ok.jsonl -o)
catalogue_case(usage "apply: an unknown option" 2 "^rapport apply: unknown option --force\n\nusage: rapport apply "
               apply catalogue/snapshot/ok.json catalogue/events/ok.jsonl --force -o @OUT@)
catalogue_case(usage "apply: output onto the network" 1 "^rapport apply: catalogue/snapshot/ok\\.json: is also an input; write the output to another file\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/ok.jsonl -o catalogue/snapshot/ok.json)
catalogue_case(usage "apply: output onto the events" 1 "^rapport apply: catalogue/events/ok\\.jsonl: is also an input; write the output to another file\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/ok.jsonl -o catalogue/events/ok.jsonl)
catalogue_case(usage "apply: a full disk" 1 "^rapport apply: /dev/full: cannot write file \\(No space left on device\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/ok.jsonl -o /dev/full)
catalogue_case(usage "apply: output into a missing directory" 1 "^rapport apply: catalogue/nowhere/out\\.json: cannot write file \\(No such file or directory\\)\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/ok.jsonl -o catalogue/nowhere/out.json)
catalogue_case(usage "apply: output onto a directory" 1 "^rapport apply: catalogue: is a directory, not a file\n\$"
               apply catalogue/snapshot/ok.json catalogue/events/ok.jsonl -o catalogue)
catalogue_case(usage "triage: bad --now" 1 "^rapport triage: --now: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got 'yesterday'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --now yesterday)
catalogue_case(usage "triage: --now in year 10000" 1 "^rapport triage: --now: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '10000-01-01T00:00:00Z'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --now 10000-01-01T00:00:00Z)
catalogue_case(usage "triage: --now beyond int64" 1 "^rapport triage: --now: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '99999999999999999999'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --now 99999999999999999999)
catalogue_case(usage "triage: --now 1e999" 1 "^rapport triage: --now: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got '1e999'\\)\n\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --now 1e999)
catalogue_case(usage "triage: --now without a value" 2 "^rapport triage: --now needs a value\n\nusage: rapport triage "
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --now)
catalogue_case(usage "triage: --now before the network is accepted" 0 "^\$"
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --now 2000-01-01T00:00:00Z)
catalogue_case(usage "triage: an inline value on a flag-like option" 2 "^rapport triage: unknown option --colour=always\n\nusage: rapport triage "
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --colour=always)
catalogue_case(usage "triage: an unknown option where an argument is missing" 2 "^rapport triage: unknown option --frob\n\nusage: rapport triage "
               triage --frob catalogue/snapshot/ok.json)
catalogue_case(usage "an unknown option before the command" 2 "^rapport triage: unknown option --frob\n\nusage: rapport triage "
               --frob triage)
catalogue_case(usage "triage: --explain without a value" 2 "^rapport triage: --explain needs a value\n\nusage: rapport triage "
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json --explain)
catalogue_case(usage "triage: too many arguments" 2 "^rapport triage: unexpected argument catalogue/requests/ok\\.json\n\nusage: rapport triage "
               triage catalogue/snapshot/ok.json catalogue/requests/ok.json catalogue/requests/ok.json)
catalogue_case(usage "report: unknown --owner" 1 "^rapport report: --owner: unknown member \\(got 'zed'\\)\n\$"
               report catalogue/snapshot/ok.json --owner zed)
catalogue_case(usage "report: no time in the inputs to default --now to" 1 "^rapport report: --now: the inputs hold no time to default to; give --now\n\$"
               report catalogue/snapshot/ok.json --owner ben)
catalogue_case(usage "attention: unknown --owner" 1 "^rapport attention: --owner: unknown member \\(got 'zed'\\)\n\$"
               attention catalogue/snapshot/ok.json --owner zed)
catalogue_case(usage "attention: bad --format" 2 "^rapport attention: --format: expected table or json \\(got 'xml'\\)\n\nusage: rapport attention "
               attention catalogue/snapshot/ok.json --format xml)
catalogue_case(usage "plan: bad --pin" 2 "^rapport plan: --pin takes ID=accept or ID=decline, comma-separated \\(got 'r1=maybe'\\)\n\nusage: rapport plan "
               plan catalogue/snapshot/ok.json catalogue/requests/ok.json --pin r1=maybe --learn @OUT@)
catalogue_case(usage "plan: --pin without =" 2 "^rapport plan: --pin takes ID=accept or ID=decline, comma-separated \\(got 'r1'\\)\n\nusage: rapport plan "
               plan catalogue/snapshot/ok.json catalogue/requests/ok.json --pin r1 --learn @OUT@)
catalogue_case(usage "plan: --pin of an unknown request" 1 "^rapport plan: --pin: no request in catalogue/requests/ok\\.json has this id \\(got 'nope'\\)\n\$"
               plan catalogue/snapshot/ok.json catalogue/requests/ok.json --pin nope=accept --learn @OUT@)
catalogue_case(usage "plan: --pin twice for one request" 2 "^rapport plan: --pin: r1 is pinned both to accept and to decline\n\nusage: rapport plan "
               plan catalogue/snapshot/ok.json catalogue/requests/ok.json --pin r1=accept,r1=decline --learn @OUT@)
catalogue_case(usage "plan: --pin with an empty id" 2 "^rapport plan: --pin takes ID=accept or ID=decline, comma-separated \\(got '=accept'\\)\n\nusage: rapport plan "
               plan catalogue/snapshot/ok.json catalogue/requests/ok.json --pin =accept --learn @OUT@)
catalogue_case(usage "plan: --learn onto the network" 1 "^rapport plan: catalogue/snapshot/ok\\.json: is also an input; write the output to another file\n\$"
               plan catalogue/snapshot/ok.json catalogue/requests/ok.json --learn catalogue/snapshot/ok.json)
catalogue_case(usage "plan: --learn onto the requests" 1 "^rapport plan: catalogue/requests/ok\\.json: is also an input; write the output to another file\n\$"
               plan catalogue/snapshot/ok.json catalogue/requests/ok.json --learn catalogue/requests/ok.json)
catalogue_case(usage "plan: --learn onto the policy" 1 "^rapport plan: catalogue/policy/ok\\.json: is also an input; write the output to another file\n\$"
               plan catalogue/snapshot/ok.json catalogue/requests/ok.json --policy catalogue/policy/ok.json --learn catalogue/policy/ok.json)
catalogue_case(usage "plan: --learn onto a full disk" 1 "^rapport plan: /dev/full: cannot write file \\(No space left on device\\)\n\$"
               plan catalogue/snapshot/ok.json catalogue/requests/ok.json --pin r1=accept --learn /dev/full)
catalogue_case(usage "plan: bad --now with --learn" 1 "^rapport plan: --now: expected an RFC 3339 timestamp or integral unix seconds, in years 0000 to 9999 \\(got 'soon'\\)\n\$"
               plan catalogue/snapshot/ok.json catalogue/requests/ok.json --now soon --learn @OUT@)
catalogue_case(usage "plan: unknown --owner with --learn" 1 "^rapport plan: --owner: unknown member \\(got 'zed'\\)\n\$"
               plan catalogue/snapshot/ok.json catalogue/requests/ok.json --owner zed --learn @OUT@)
catalogue_case(usage "graph: without --dot" 2 "^rapport graph: only --dot output is supported; give --dot\n\nusage: rapport graph "
               graph catalogue/snapshot/ok.json)
catalogue_case(usage "graph: a negative --top" 2 "^rapport graph: --top: expected a count, 0 or more \\(got '-1'\\)\n\nusage: rapport graph "
               graph catalogue/snapshot/ok.json --dot --top -1)
catalogue_case(usage "graph: --dot with a value" 2 "^rapport graph: --dot takes no value\n\nusage: rapport graph "
               graph catalogue/snapshot/ok.json --dot=yes)
catalogue_case(usage "replay: missing arguments" 2 "^rapport replay: LOG is required\n\nusage: rapport replay "
               replay)
catalogue_case(usage "replay: an unknown option" 2 "^rapport replay: unknown option --learning\n\nusage: rapport replay "
               replay catalogue/log/ok.txt --learning -o @OUT@)
catalogue_case(usage "import: missing the source" 2 "^rapport import: SOURCE is required\n\nusage: rapport import "
               import -o @OUT@)
catalogue_case(usage "import: an unknown source" 2 "^rapport import: unknown source 'twitter'; the one supported is activitypub\n\nusage: rapport import "
               import twitter data/mastodon -o @OUT@)
catalogue_case(usage "import: a missing directory" 1 "^rapport import: catalogue/nowhere: no such directory\n\$"
               import activitypub catalogue/nowhere -o @OUT@)
catalogue_case(usage "import: an unknown option" 2 "^rapport import: unknown option --owner\n\nusage: rapport import "
               import activitypub data/mastodon --owner ana -o @OUT@)
catalogue_case(usage "an unknown command" 2 "^rapport: unknown command 'fly'\n\nusage: rapport COMMAND"
               fly)
catalogue_case(usage "a command given as an option" 2 "^rapport: unknown command '--triage'\n\nusage: rapport COMMAND"
               --triage)
