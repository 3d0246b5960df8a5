# Hardening (data files from many hands, HTML on public websites): fuzz
# targets and their regression corpus, pathological inputs, hostile text,
# environment faults. README.md "Limits" and "Hardening" describe them.
find_package(Python3 REQUIRED COMPONENTS Interpreter)

# The fuzz targets. With NB_FUZZ (clang) they are libFuzzer binaries
# (tests/fuzz/run.sh runs them); otherwise standalone_main.c replays files
# through them, so the seeds and every crash ever found run in every build.
# Inputs named one by one: given a folder, libFuzzer would take it as a corpus to add to.
file(GLOB NB_FUZZ_REPLAY CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/samples/*.yaml"
     "${CMAKE_SOURCE_DIR}/tests/fuzz/regress/*" "${CMAKE_SOURCE_DIR}/tests/fuzz/seeds/*")
foreach(target load render)
  if(NB_FUZZ)
    add_executable(fuzz_${target} "${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${target}.c")
    target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
    set(_replay -runs=0)
  else()
    add_executable(fuzz_${target} "${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_${target}.c"
                   "${CMAKE_SOURCE_DIR}/tests/fuzz/standalone_main.c")
    set(_replay)
  endif()
  target_link_libraries(fuzz_${target} PRIVATE nbcore)
  # every sample, every crash once found, and the small seeds of the corpus
  add_test(NAME fuzz_replay_${target} COMMAND fuzz_${target} ${_replay} ${NB_FUZZ_REPLAY})
  set_tests_properties(fuzz_replay_${target} PROPERTIES TIMEOUT 300)
endforeach()

# nianbao import's readers (tests/fuzz/fuzz_import.c): html, pdf and text.
# Replayed over the seeds' text, and the HTML and PDF of two samples
# (rendered by the fixture) with the hostile inputs of tests/fuzz/import/.
file(GLOB _nb_fuzz_import_regress CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/fuzz/import/*")
file(GLOB _nb_fuzz_seeds_txt "${NB_SHARED_DIR}/seeds/*.txt")
set(_nb_fuzz_rendered "${CMAKE_BINARY_DIR}/fuzz_import_seeds")
add_test(NAME fuzz_import_seeds
  COMMAND sh -c "mkdir -p '${_nb_fuzz_rendered}' && for s in 004_3971b268707d3ce1 101_county_bureau; do \
    '$<TARGET_FILE:nianbao>' render '${CMAKE_SOURCE_DIR}/samples/'$s.yaml -o '${_nb_fuzz_rendered}/'$s.pdf \
    -o '${_nb_fuzz_rendered}/'$s.html || exit 1; done")
set_tests_properties(fuzz_import_seeds PROPERTIES FIXTURES_SETUP fuzz_import)
foreach(reader html pdf text)
  set(_n 1)
  if(reader STREQUAL "pdf")
    set(_n 2)
  elseif(reader STREQUAL "text")
    set(_n 3)
  endif()
  if(NB_FUZZ)
    add_executable(fuzz_${reader} "${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_import.c")
    target_link_options(fuzz_${reader} PRIVATE -fsanitize=fuzzer)
    set(_replay -runs=0)
  else()
    add_executable(fuzz_${reader} "${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz_import.c"
                   "${CMAKE_SOURCE_DIR}/tests/fuzz/standalone_main.c")
    set(_replay)
  endif()
  target_compile_definitions(fuzz_${reader} PRIVATE NB_FUZZ_READER=${_n})
  target_link_libraries(fuzz_${reader} PRIVATE nbcore)
  set(_inputs ${_nb_fuzz_import_regress})
  if(reader STREQUAL "text")
    list(APPEND _inputs ${_nb_fuzz_seeds_txt})
  else()
    list(APPEND _inputs "${_nb_fuzz_rendered}/004_3971b268707d3ce1.${reader}" "${_nb_fuzz_rendered}/101_county_bureau.${reader}")
  endif()
  add_test(NAME fuzz_replay_${reader} COMMAND fuzz_${reader} ${_replay} ${_inputs})
  set_tests_properties(fuzz_replay_${reader} PROPERTIES TIMEOUT 300 FIXTURES_REQUIRED fuzz_import
    ENVIRONMENT "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/tests/fuzz/lsan.supp")
endforeach()

# Renders like the CLI and dumps glyph boxes and rules for the overlap checks.
add_executable(hardening_render "${CMAKE_SOURCE_DIR}/tests/hardening_render.c")
target_link_libraries(hardening_render PRIVATE nbcore)

# Pathological inputs, one test per kind, each bounded in time and memory
# by the script (10x the time and no memory bound under the sanitizers).
set(_sanitized)
if(NB_SANITIZE OR NB_FUZZ)
  set(_sanitized --sanitized)
endif()
foreach(case paragraphs long_token row_taller_than_page nine_digits items nesting alias_bomb huge_file
             invalid_utf8 many_errors largest_file)
  add_test(NAME hardening_pathological_${case}
    COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/hardening_pathological.py" $<TARGET_FILE:nianbao>
            $<TARGET_FILE:hardening_render> "${CMAKE_BINARY_DIR}/hardening_out/${case}" --only ${case} ${_sanitized})
  set_tests_properties(hardening_pathological_${case} PROPERTIES TIMEOUT 600)
endforeach()

# Hostile text in every field: HTML in headless Chromium and the Nu checker, PDF text.
add_test(NAME hardening_hostile
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/hardening_hostile.py" $<TARGET_FILE:nianbao>
          "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/hardening_out/hostile")
set_tests_properties(hardening_hostile PROPERTIES FIXTURES_REQUIRED html_tools TIMEOUT 300)

# Environment faults: read-only folder and full disk (tmpfs mounts), fonts, layouts.
add_test(NAME hardening_faults
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/hardening_faults.py" $<TARGET_FILE:nianbao>
          "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/hardening_out/faults")
set_tests_properties(hardening_faults PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77)

# Valgrind memcheck over the samples (render, check, build): no error, no
# leak. Not under the sanitizers, which valgrind cannot run.
find_program(NB_VALGRIND valgrind)
if(NB_VALGRIND AND NOT NB_SANITIZE AND NOT NB_FUZZ)
  add_test(NAME hardening_valgrind
    COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/hardening_valgrind.py" $<TARGET_FILE:nianbao>
            "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/hardening_out/valgrind")
  set_tests_properties(hardening_valgrind PROPERTIES TIMEOUT 900)
endif()
