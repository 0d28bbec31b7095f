// The one include of curses in curio. SwiftPM drops ncursesw.pc's -D_XOPEN_SOURCE,
// so we define what makes the wide-character API (cchar_t, waddnwstr, wcwidth) visible.
#ifndef CURIO_CNCURSESW_SHIM_H
#define CURIO_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>

// Macros Swift cannot import, re-exported as functions.
static inline int curio_attr_bold(void) { return (int)A_BOLD; }
static inline int curio_attr_reverse(void) { return (int)A_REVERSE; }
static inline int curio_attr_dim(void) { return (int)A_DIM; }
static inline int curio_attr_underline(void) { return (int)A_UNDERLINE; }
static inline int curio_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline mmask_t curio_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t curio_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline int curio_wcwidth(wchar_t c) { return wcwidth(c); }
#endif
