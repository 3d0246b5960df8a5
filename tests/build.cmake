# nianbao build: change detection, interruption, -j, progress, the lock
# (tests/build_test.py, one ctest per case), and the XXH64 hash (C unit test).
# The benchmark (tests/bench/run.sh) is not part of the test run.
find_package(Python3 REQUIRED COMPONENTS Interpreter)

add_executable(build_hash_test "${CMAKE_SOURCE_DIR}/tests/build_hash_test.c")
target_link_libraries(build_hash_test PRIVATE nbcore)
add_test(NAME build/hash COMMAND build_hash_test "${CMAKE_BINARY_DIR}/build_test_out")

foreach(case identical rerun data_change layout_change fonts_change program_change settings_change
        orphan bad_file jobs progress lock temps kill sigterm)
  add_test(NAME build/${case}
    COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/build_test.py" $<TARGET_FILE:nianbao>
            "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/build_test_out" ${case})
endforeach()
set_tests_properties(build/kill build/sigterm PROPERTIES TIMEOUT 600)
