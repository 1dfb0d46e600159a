#ifndef RAPPORT_JSON_HPP
#define RAPPORT_JSON_HPP

/// \file
/// All of rapport's JSON, for users who want every conversion: an umbrella for
/// - `rapport/json/text.hpp`: `JsonError`, the format version, RFC 3339 and `to_json_text`;
/// - `rapport/json/model.hpp`: conversions of the inputs (enums, `Member`..`Request`, `Policy`);
/// - `rapport/json/results.hpp`: conversions of results (`Reason`, `Score`, `Relationship`, plans,
///   overload reports, attention lists).
/// Include one of them alone to depend on less: an input reader needs only the model part.
/// Files are in `rapport/io.hpp` (snapshots, event logs, request and policy files) and
/// `rapport/result_files.hpp`.

#include <rapport/json/model.hpp>
#include <rapport/json/results.hpp>
#include <rapport/json/text.hpp>

#endif  // RAPPORT_JSON_HPP
