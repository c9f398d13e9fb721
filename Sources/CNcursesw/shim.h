#ifndef STUDIODESK_CNCURSESW_SHIM_H
#define STUDIODESK_CNCURSESW_SHIM_H
/* The defines must come before any include, or get_wch, cchar_t and wcwidth are missing. */
#define _GNU_SOURCE 1
#define _XOPEN_SOURCE 700
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <langinfo.h>
#include <unistd.h>
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>

/* Swift cannot import these macros and globals; one function each. */
static inline WINDOW *sd_stdscr(void) { return stdscr; }
static inline int sd_lines(void) { return LINES; }
static inline int sd_cols(void) { return COLS; }
static inline int sd_colors(void) { return COLORS; }
static inline int sd_color_pair(int n) { return COLOR_PAIR(n); }
static inline int sd_key_code_yes(void) { return KEY_CODE_YES; }
static inline int sd_key_f(int n) { return KEY_F(n); }
static inline int sd_wcwidth(wchar_t c) { return wcwidth(c); }
static inline unsigned int sd_a_bold(void) { return A_BOLD; }
static inline unsigned int sd_a_reverse(void) { return A_REVERSE; }
static inline unsigned int sd_a_underline(void) { return A_UNDERLINE; }
static inline unsigned int sd_a_dim(void) { return A_DIM; }
static inline unsigned int sd_a_normal(void) { return A_NORMAL; }
static inline const char *sd_codeset(void) { return nl_langinfo(CODESET); }
/* Swift 6 refuses the stdin/stdout globals; open the screen on them here. */
static inline SCREEN *sd_newterm(void) { return newterm(NULL, stdout, stdin); }
/* Does the terminal have cursor addressing? TERM=dumb does not. */
static inline int sd_has_cup(void) {
    const char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}
/* Draws one cell (a grapheme given as wide chars) with attributes and a colour pair. */
static inline int sd_put_cell(int y, int x, const wchar_t *wch, unsigned int attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, wch, (attr_t)attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cc);
}
#endif
