# nianbao new: the skeleton of a report to fill in (tests/new_test.py, one ctest per case).
find_package(Python3 REQUIRED COMPONENTS Interpreter)
foreach(case golden every_row check_placeholders filled_renders previous previous_wrong overwrite rerun usage help)
  add_test(NAME new/${case}
    COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/new_test.py" $<TARGET_FILE:nianbao>
            "${CMAKE_SOURCE_DIR}" "${CMAKE_BINARY_DIR}/new_out/${case}" ${case})
endforeach()
