#include "base/i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "base/datadir.h"

int bt_i18n_env_language(void)
{
    // gettext's order: LANGUAGE (its first choice) over LC_ALL, LC_MESSAGES and LANG.
    static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "vi", 2) == 0 ? BT_LANG_VI : BT_LANG_EN;
    }
    return BT_LANG_EN;
}

void bt_i18n_use(int lang)
{
    // In the C locale gettext translates nothing, and vi_VN is rarely installed on a screen:
    // messages take C.UTF-8's rules (numbers and time stay unchanged) and LANGUAGE names the
    // catalogue. English is the messages as written.
    if (!setlocale(LC_MESSAGES, "C.UTF-8"))
        setlocale(LC_MESSAGES, "");
    setenv("LANGUAGE", lang == BT_LANG_VI ? "vi" : "en", 1);
    textdomain("bangtin");   // and gettext forgets what it looked up in the other language
}

void bt_i18n_init(void)
{
    setlocale(LC_CTYPE, "");
    char localedir[4200];
    bindtextdomain("bangtin", bt_localedir_find(localedir, sizeof(localedir)));
    bind_textdomain_codeset("bangtin", "UTF-8");
    bt_i18n_use(bt_i18n_env_language());
}
