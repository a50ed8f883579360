// A shared library without hocso's entry point.
#include <boost/config.hpp>

extern "C" BOOST_SYMBOL_EXPORT int something_else() { return 42; }
