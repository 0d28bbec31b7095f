// The one include of GNU readline in curio (GPL-3.0-or-later, hence curio's licence).
#ifndef CURIO_CREADLINE_SHIM_H
#define CURIO_CREADLINE_SHIM_H
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
#endif
