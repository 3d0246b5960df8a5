# Every sample rendered to PDF and HTML and checked against its data, its
# seed and the official grids (tests/report_test.py).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
file(GLOB NB_SAMPLES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/samples/*.yaml")
foreach(sample ${NB_SAMPLES})
  get_filename_component(name "${sample}" NAME_WE)
  add_test(NAME report_${name}
    COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/report_test.py" $<TARGET_FILE:nianbao>
            "${sample}" "${NB_SHARED_DIR}/seeds" "${CMAKE_BINARY_DIR}/report_out")
  set_tests_properties(report_${name} PROPERTIES FIXTURES_SETUP samples_rendered TIMEOUT 120)
  list(APPEND NB_SAMPLE_PAGES "${CMAKE_BINARY_DIR}/report_out/${name}.html")
endforeach()
# Every sample's HTML: Nu Html Checker with zero errors, axe-core with zero
# violations, no sideways scrolling at 375 px (tests/html_validate.sh).
add_test(NAME html_validate_samples COMMAND "${CMAKE_SOURCE_DIR}/tests/html_validate.sh" ${NB_SAMPLE_PAGES})
set_tests_properties(html_validate_samples PROPERTIES FIXTURES_REQUIRED "samples_rendered;html_tools" TIMEOUT 900)
# The embeddable fragment of a sample, checked inside a host page.
add_test(NAME fragment_render COMMAND $<TARGET_FILE:nianbao> render "${CMAKE_SOURCE_DIR}/samples/104_long_report.yaml"
         -o "${CMAKE_BINARY_DIR}/report_out/104_fragment.html" --fragment)
set_tests_properties(fragment_render PROPERTIES FIXTURES_SETUP fragment_rendered)
add_test(NAME html_validate_sample_fragment COMMAND "${CMAKE_SOURCE_DIR}/tests/html_validate.sh" --fragment
         "${CMAKE_BINARY_DIR}/report_out/104_fragment.html")
set_tests_properties(html_validate_sample_fragment PROPERTIES FIXTURES_REQUIRED "fragment_rendered;html_tools" TIMEOUT 300)
# Every sample is valid data (nianbao check exits 0; its only warnings are tests/sample_warnings.txt).
add_test(NAME check_samples COMMAND $<TARGET_FILE:nianbao> check ${NB_SAMPLES})
set_tests_properties(check_samples PROPERTIES FAIL_REGULAR_EXPRESSION "error")  # warnings: exactly tests/sample_warnings.txt, checked by data_samples_clean
add_test(NAME cli COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/cli_test.py" $<TARGET_FILE:nianbao>
         "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/cli_out")
