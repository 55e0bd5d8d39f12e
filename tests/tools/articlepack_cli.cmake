# Runs articlepack as an editor would and checks its exit status and output.
# Invoked by CTest: cmake -DTOOL=... -DSOURCE=... -DWORK=... -P articlepack_cli.cmake
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

function(run_tool expected_status)
  execute_process(COMMAND "${TOOL}" ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL expected_status)
    message(FATAL_ERROR "articlepack ${ARGN}: exit ${status}, expected ${expected_status}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

function(expect text haystack what)
  string(FIND "${haystack}" "${text}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what} lacks '${text}':\n${haystack}")
  endif()
endfunction()

# The bundled content is clean.
run_tool(0 validate "${SOURCE}/assets")
expect("0 problems" "${out}" "validate assets")

# Every problem of the bad fixtures, each as file:line:column: field: message.
run_tool(1 validate "${SOURCE}/tests/data/bad_articles" --site "${SOURCE}/assets/site.json")
expect("bad_articles/malformed-json.json:5:3: (file): malformed JSON" "${out}" "validate bad_articles")
expect("bad_articles/unknown-section.json:3:14: section: 'no-such-section' is not a section" "${out}" "validate bad_articles")
expect("bad_articles/missing-title.json:5:26: translations.en.title: is missing" "${out}" "validate bad_articles")
expect("uses the scheme 'javascript:'" "${out}" "validate bad_articles")
expect("7 files checked, 7 problems" "${out}" "validate bad_articles")

# Encoding, BOM and missing images.
run_tool(1 validate "${SOURCE}/tests/data/validate" --site "${SOURCE}/assets/site.json")
expect("articles/latin1.json:5:37: (file): byte 0xC9 is not UTF-8" "${out}" "validate encoding")
expect("--from latin1" "${out}" "validate encoding")
expect("articles/bom.json:1:1: (file): starts with a byte-order mark" "${out}" "validate BOM")
expect("articles/missing-image.json:5:20: image.src: image 'images/nope.jpg' does not exist" "${out}" "validate images")
expect("image 'images/also-missing.webp' does not exist" "${out}" "validate images")
run_tool(1 validate "${SOURCE}/tests/data/validate" --site "${SOURCE}/assets/site.json" --from latin1)
string(FIND "${out}" "not UTF-8" at)
if(NOT at EQUAL -1)
  message(FATAL_ERROR "--from latin1 should read latin1.json as Latin-1:\n${out}")
endif()

# Import of the seed page: the article JSON, repairs reported, dropped lines explained.
run_tool(0 import "${SOURCE}/../shared/seeds/000_09d92d631dec1b3d.txt" --lang fr --site "${SOURCE}/assets/site.json"
         --date 2009-06-05 --section what-we-do --explain -o "${WORK}/seed.json")
file(READ "${WORK}/seed.json" json)
expect("\"title\": \"Nouvelles ressources pour les efforts de lutte contre la traite\"" "${json}" "imported JSON")
expect("\"email\": \"jgallo@iom.int\"" "${json}" "imported JSON")
expect("repair: uvre -> " "${err}" "import report")
expect("dropped: \"Qui sommes nous\" (site menu" "${err}" "import --explain")
# The imported article validates.
file(MAKE_DIRECTORY "${WORK}/bundle/articles")
file(COPY "${WORK}/seed.json" DESTINATION "${WORK}/bundle/articles")
run_tool(0 validate "${WORK}/bundle" --site "${SOURCE}/assets/site.json")
# Usage errors say what to change.
run_tool(2 import "${SOURCE}/../shared/seeds/000_09d92d631dec1b3d.txt")
expect("needs --lang" "${err}" "usage")

# Generated articles: deterministic for a seed, and valid.
run_tool(0 gen --count 40 --seed 11 --site "${SOURCE}/assets/site.json" "${WORK}/gen-a")
run_tool(0 gen --count 40 --seed 11 --site "${SOURCE}/assets/site.json" "${WORK}/gen-b")
run_tool(0 gen --count 40 --seed 12 --site "${SOURCE}/assets/site.json" "${WORK}/gen-c")
file(SHA256 "${WORK}/gen-a/articles/gen-000040.json" a40)
file(SHA256 "${WORK}/gen-b/articles/gen-000040.json" b40)
file(SHA256 "${WORK}/gen-c/articles/gen-000040.json" c40)
if(NOT a40 STREQUAL b40 OR a40 STREQUAL c40)
  message(FATAL_ERROR "gen is not deterministic per seed (or ignores the seed): ${a40} ${b40} ${c40}")
endif()
run_tool(0 validate "${WORK}/gen-a")
expect("41 files checked, 0 problems" "${out}" "validate generated")
# Across the set: headings, lists, quotes, links, accents, and some missing translations.
file(GLOB generated "${WORK}/gen-a/articles/*.json")
set(all "")
foreach(f ${generated})
  file(READ "${f}" text)
  string(APPEND all "${text}")
endforeach()
foreach(piece "\\n## " "\\n- " "\\n> " "](https://www.iom.int/" "œ" "ñ" "é")
  expect("${piece}" "${all}" "the generated articles")
endforeach()
string(REGEX MATCHALL "\"es\": {" with_spanish "${all}")
list(LENGTH with_spanish n_es)
if(n_es EQUAL 0 OR n_es EQUAL 40)
  message(FATAL_ERROR "expected some (not all) generated articles without Spanish; ${n_es} of 40 have it")
endif()
