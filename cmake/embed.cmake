# Turns a text file into a C++ source defining `extern const char* const ${NAME}`, declared
# in ${HEADER}.
# Raw string chunks stay under compilers' string-literal limits.
file(READ ${INPUT} content)
string(LENGTH "${content}" length)
get_filename_component(input_name ${INPUT} NAME)
set(out "// Generated from src/${input_name} by cmake/embed.cmake. Do not edit.\n")
string(APPEND out "#include \"${HEADER}\"\n\nconst char* const ${NAME} =\n")
set(pos 0)
while(pos LESS length)
  string(SUBSTRING "${content}" ${pos} 8000 chunk)
  string(APPEND out "R\"PARNOX_EMBED(${chunk})PARNOX_EMBED\"\n")
  math(EXPR pos "${pos} + 8000")
endwhile()
string(APPEND out ";\n")
file(WRITE ${OUTPUT} "${out}")
