// Where each value of a JSON document starts, by field path, for messages like
// "articles/a.json:12:5: translations.fr.title: ...".
//
// Paths use the loader's field syntax: object keys joined by '.', array elements as "[i]"
// ("translations.fr.title", "tags[1]", "contacts[0].name"); the root is "". The scan is
// tolerant: on malformed JSON it returns what it found before the error. Linear time, no
// recursion (nesting depth does not matter).
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

namespace reader::core {

using JsonLocations = std::unordered_map<std::string, std::size_t>;  // path -> byte offset of the value

JsonLocations locate_json_values(std::string_view json);

// The offset for `field`, or for its nearest ancestor that exists (a missing field is reported
// where it should have been: in its parent object); 0 if none.
std::size_t locate_field(const JsonLocations& locations, std::string_view field);

}  // namespace reader::core
