# run-fuzzer: one bounded libFuzzer run, for ctest (cmake -P).
#
# Starts from a fresh corpus under the build tree (WORK/corpus), seeded
# with copies of every file in SEED_DIRS matching SEED_GLOBS, and runs
# FUZZER on it for SECONDS. libFuzzer exits non-zero on a crash, a leak, a
# timeout or running out of memory; that fails the test, and the input that
# did it is left in WORK/artifacts.
#
# Variables: FUZZER, WORK, SEED_DIRS and SEED_GLOBS (","-separated),
# DICT (optional), SECONDS, RSS_MB.
foreach(var FUZZER WORK SEED_DIRS SEED_GLOBS SECONDS RSS_MB)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run-fuzzer.cmake: ${var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/corpus" "${WORK}/artifacts")
string(REPLACE "," ";" seed_dirs "${SEED_DIRS}")
string(REPLACE "," ";" seed_globs "${SEED_GLOBS}")
set(count 0)
foreach(dir IN LISTS seed_dirs)
  foreach(glob IN LISTS seed_globs)
    file(GLOB seeds "${dir}/${glob}")
    foreach(seed IN LISTS seeds)
      file(COPY "${seed}" DESTINATION "${WORK}/corpus" NO_SOURCE_PERMISSIONS)
      math(EXPR count "${count} + 1")
    endforeach()
  endforeach()
endforeach()
if(count EQUAL 0)
  message(FATAL_ERROR "run-fuzzer.cmake: no seeds found in ${SEED_DIRS}")
endif()
message(STATUS "fuzzing for ${SECONDS} s from ${count} seeds")

set(dict_arg)
if(DICT)
  set(dict_arg "-dict=${DICT}")
endif()
execute_process(
  COMMAND "${FUZZER}" -max_total_time=${SECONDS} -rss_limit_mb=${RSS_MB}
          -timeout=10 -print_final_stats=1 -artifact_prefix=${WORK}/artifacts/
          ${dict_arg} "${WORK}/corpus"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${FUZZER} failed (${rc}); its input is in ${WORK}/artifacts")
endif()
