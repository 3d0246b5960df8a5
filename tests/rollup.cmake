# nianbao sum and check --children (tests/rollup_test.py, one ctest per case).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
foreach(case samples decimal_and_na placeholders other_year invalid_child output_is_child children_warnings)
  add_test(NAME rollup/${case}
    COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/rollup_test.py" $<TARGET_FILE:nianbao>
            "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/rollup_out/${case}" ${case})
endforeach()
