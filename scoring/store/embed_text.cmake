# embed_text.cmake: turns a text file into a C source file holding it as one
# NUL-terminated array, so the program carries the file (the store's schema,
# scoring/store/store_schema.sql) and needs nothing beside it at run time.
#
#   cmake -DINPUT=file.sql -DOUTPUT=file.c -DNAME=c_identifier -P embed_text.cmake
#
# gives `const char *const NAME` (the text) and `const size_t NAME_size`
# (its length without the NUL). The bytes are written as hexadecimal
# numbers, twelve to a line, so no character of the file needs escaping, no
# compiler limit on string literals applies, and the array is the file byte
# for byte.
foreach(var INPUT OUTPUT NAME)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "embed_text.cmake: ${var} is not set")
  endif()
endforeach()

file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR size "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
set(byte "0x[0-9a-f][0-9a-f],")
string(REGEX REPLACE "(${byte}${byte}${byte}${byte}${byte}${byte}${byte}${byte}${byte}${byte}${byte}${byte})"
       "\\1\n\t" bytes "${bytes}")
get_filename_component(input_name "${INPUT}" NAME)

file(WRITE "${OUTPUT}.tmp"
  "/* Generated from ${input_name} by embed_text.cmake: do not edit. */\n"
  "#include <stddef.h>\n\n"
  "extern const char *const ${NAME};\n"
  "extern const size_t ${NAME}_size;\n\n"
  "static const unsigned char bytes[] = {\n\t${bytes}0x00\n};\n\n"
  "const char *const ${NAME} = (const char *)bytes;\n"
  "const size_t ${NAME}_size = ${size};\n")
# Only replace the output when it changed, so nothing rebuilds for nothing.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
