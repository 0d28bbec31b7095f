// The one include of SQLite in curio (public domain; Debian libsqlite3-dev).
#ifndef CURIO_CSQLITE3_SHIM_H
#define CURIO_CSQLITE3_SHIM_H
#include <sqlite3.h>
#endif
