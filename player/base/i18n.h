// Translation hook: every user-facing message goes through _() so it can be translated
// to Vietnamese with gettext's usual tools (xgettext -k_ -kN_; po/vi.po).
//
// Which language: commands (check, plan, status, trigger, --help…) speak the user's, from
// LANGUAGE, LC_ALL, LC_MESSAGES or LANG; the player itself speaks the `language` key's (its
// screen faces the public: Vietnamese unless set otherwise), on the card and in its log alike.
// Neither needs the vi_VN locale installed: the catalogue is chosen by name.
#ifndef BT_BASE_I18N_H
#define BT_BASE_I18N_H

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

// The languages there are messages in.
#define BT_LANG_VI 0
#define BT_LANG_EN 1

// Binds the catalogue and picks the user's language from the environment. Call first in main,
// before any thread.
void bt_i18n_init(void);

// The language the environment asks for: BT_LANG_VI for vi…, else BT_LANG_EN.
int bt_i18n_env_language(void);

// Speaks `lang` from now on. Call before any thread is started (it sets LANGUAGE).
void bt_i18n_use(int lang);

#endif
