// The one translation unit that compiles Boost.Asio (incl. its OpenSSL layer) and Boost.Beast
// (separate compilation: every other net TU sees them with BOOST_ASIO_SEPARATE_COMPILATION
// and BOOST_BEAST_SEPARATE_COMPILATION defined and only instantiates templates).

// GCC 12 at -O2 reports a false -Wmaybe-uninitialized inside Beast's
// basic_parser::content_length_unchecked (a boost::optional copy); it is third-party code.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
