# Text against tables: form.yaml `claims:` (tests/claims_test.py, one ctest per case).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
foreach(case received chinese_numerals none_stated other_figures units reviews strict form_error)
  add_test(NAME claims/${case}
    COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/claims_test.py" $<TARGET_FILE:nianbao>
            "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/claims_out/${case}" ${case})
endforeach()
