// Translation hook: every user-facing message goes through _() so it can be translated
// to Vietnamese with gettext's usual tools (xgettext -k_ -kN_).
#ifndef BT_BASE_I18N_H
#define BT_BASE_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

#endif
