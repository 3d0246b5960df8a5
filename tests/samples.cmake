# Every sample rendered to PDF and HTML and checked against its data, its
# seed and the official grids (tests/report_test.py).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
file(GLOB NB_SAMPLES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/samples/*.yaml")
foreach(sample ${NB_SAMPLES})
  get_filename_component(name "${sample}" NAME_WE)
  add_test(NAME report_${name}
    COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/report_test.py" $<TARGET_FILE:nianbao>
            "${sample}" "${NB_SHARED_DIR}/seeds" "${CMAKE_BINARY_DIR}/report_out")
endforeach()
# Every sample is valid data (nianbao check exits 0 and prints nothing).
add_test(NAME check_samples COMMAND $<TARGET_FILE:nianbao> check ${NB_SAMPLES})
set_tests_properties(check_samples PROPERTIES FAIL_REGULAR_EXPRESSION "error|warning")
add_test(NAME cli COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/cli_test.py" $<TARGET_FILE:nianbao>
         "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/cli_out")
