// Boost.JSON compiled into the build, with the fuzzer's instrumentation, instead of the installed
// library: the parser is where most of the input's bytes are read.
#include <boost/json/src.hpp>
