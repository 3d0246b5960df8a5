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
  # NAME.html: the portal's page as published (header, menus, footer, scripts): every
  # table number comes back, and the import exits as check of NAME.yaml does (its title
  # found past the portal's menus, its preface and last section without the page's lines).
  file(GLOB nb_real_pages CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/import/real/*.html")
  foreach(html ${nb_real_pages})
    get_filename_component(name "${html}" NAME_WE)
    add_test(NAME import_real/${name}.html
      COMMAND ${Python3_EXECUTABLE} "${CMAKE_SOURCE_DIR}/tests/import_real_test.py" $<TARGET_FILE:nianbao>
              "${CMAKE_SOURCE_DIR}/tests/import/real" "${CMAKE_BINARY_DIR}/import_real_out" ${name} html)
  endforeach()
endif()
