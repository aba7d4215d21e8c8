# The tracer's test programs (test/programs/*.c): small C programs, one per traced system
# call family, that src/tracer_test.cc runs under the tracer. Built as
# trace_prog_<name> into ${CMAKE_BINARY_DIR}/test_programs/; names starting with "static"
# are linked statically. One is not traced but a jail: deny_ptrace runs a command where
# ptrace fails, for the end-to-end test of parnox on a machine that forbids tracing. Included by the root CMakeLists.txt inside if(PARNOX_BUILD_TESTS),
# after parnox_tests is defined.

enable_language(C)
find_package(Threads REQUIRED)

set(PARNOX_TEST_PROGRAMS_DIR ${CMAKE_BINARY_DIR}/test_programs)
file(GLOB PARNOX_TEST_PROGRAM_SOURCES CONFIGURE_DEPENDS
     ${CMAKE_CURRENT_LIST_DIR}/../test/programs/*.c)

foreach(source ${PARNOX_TEST_PROGRAM_SOURCES})
  get_filename_component(name ${source} NAME_WE)
  set(target trace_prog_${name})
  add_executable(${target} ${source})
  # Plain C, no sanitizers: the programs must make exactly the calls they spell out.
  set_target_properties(${target} PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY ${PARNOX_TEST_PROGRAMS_DIR}
    C_STANDARD 11
    C_EXTENSIONS ON)
  target_link_libraries(${target} PRIVATE Threads::Threads)
  if(name MATCHES "^static")
    target_link_options(${target} PRIVATE -static)
  endif()
  add_dependencies(parnox_tests ${target})
endforeach()

target_compile_definitions(parnox_tests PRIVATE
  PARNOX_TEST_PROGRAMS_DIR="${PARNOX_TEST_PROGRAMS_DIR}")
