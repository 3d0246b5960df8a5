# data / yamlsrc / rules: unit tests, the literate diagnostic specs in
# tests/errors/*.txt (one ctest per example, run through `nianbao check`),
# and the samples check.
find_package(Python3 REQUIRED COMPONENTS Interpreter)

add_executable(data_test "${CMAKE_SOURCE_DIR}/tests/data_test.c")
target_link_libraries(data_test PRIVATE nbcore)
target_include_directories(data_test PRIVATE "${CMAKE_SOURCE_DIR}/tests")
add_test(NAME data_unit COMMAND data_test)

add_executable(rules_test "${CMAKE_SOURCE_DIR}/tests/rules_test.c")
target_link_libraries(rules_test PRIVATE nbcore)
target_include_directories(rules_test PRIVATE "${CMAKE_SOURCE_DIR}/tests")
add_test(NAME rules_unit COMMAND rules_test)

# One test per example, so that ctest names the failing error class.
file(GLOB NB_ERROR_SPECS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/errors/*.txt")
foreach(spec ${NB_ERROR_SPECS})
  get_filename_component(topic "${spec}" NAME_WE)
  file(STRINGS "${spec}" examples REGEX "^````````+ example ")
  foreach(line ${examples})
    string(REGEX REPLACE "^`+ example ([^ ]+).*$" "\\1" name "${line}")
    add_test(NAME errors/${topic}/${name}
      COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/errors_run.py"
              $<TARGET_FILE:nianbao> "${spec}" --only "${name}")
  endforeach()
endforeach()

# Every sample (globbed when the test runs) loads and checks clean.
add_test(NAME data_samples_clean
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/errors_run.py"
          $<TARGET_FILE:nianbao> --samples "${CMAKE_SOURCE_DIR}/samples")
