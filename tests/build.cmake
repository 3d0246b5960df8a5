# nianbao build: change detection, interruption, -j, progress, the lock
# (tests/build_test.py, one ctest per case), and the XXH64 hash (C unit test).
# The benchmark (tests/bench/run.sh) is not part of the test run.
find_package(Python3 REQUIRED COMPONENTS Interpreter)

add_executable(build_hash_test "${CMAKE_SOURCE_DIR}/tests/build_hash_test.c")
target_link_libraries(build_hash_test PRIVATE nbcore)
add_test(NAME build/hash COMMAND build_hash_test "${CMAKE_BINARY_DIR}/build_test_out")

foreach(case identical rerun data_change layout_change fonts_change program_change settings_change
        orphan bad_file jobs progress lock temps kill sigterm dashboard)
  add_test(NAME build/${case}
    COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/build_test.py" $<TARGET_FILE:nianbao>
            "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/build_test_out" ${case})
endforeach()
set_tests_properties(build/kill build/sigterm PROPERTIES TIMEOUT 600)

# The dashboard of a build of the samples (OUTDIR/index.html) passes the Nu
# checker and axe, at 1024 and 375 px without sideways scrolling.
add_test(NAME dashboard_build COMMAND $<TARGET_FILE:nianbao> build "${CMAKE_SOURCE_DIR}/samples"
         -o "${CMAKE_BINARY_DIR}/dashboard_out")
set_tests_properties(dashboard_build PROPERTIES FIXTURES_SETUP dashboard_built)
add_test(NAME html_validate_dashboard COMMAND "${CMAKE_SOURCE_DIR}/tests/html_validate.sh"
         "${CMAKE_BINARY_DIR}/dashboard_out/index.html")
set_tests_properties(html_validate_dashboard PROPERTIES FIXTURES_REQUIRED "dashboard_built;html_tools" TIMEOUT 300)
