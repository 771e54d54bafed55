// Options as a table, in the manner of mpv's m_option: each key once, with its type, default,
// range and one line of help. The reader, the did-you-mean, the man page's key list and the
// commented bangtin.conf all go by the table.
//
// Numbers are read strictly: decimal digits only (blanks around them ignored), within the
// option's range; no sign where no negative is allowed, no exponent, no hex, no inf or nan, no
// trailing junk. A refusal says the range. Pure functions; any thread.
#ifndef BT_CONFIG_OPTION_H
#define BT_CONFIG_OPTION_H

#include <stddef.h>

enum bt_option_type {
    BT_OPT_TEXT,     // text that fits the field (char[]); with .choices, one of them
    BT_OPT_FOLDER,   // an absolute path (char[])
    BT_OPT_FILE,     // an absolute path, or "" (char[])
    BT_OPT_BOOL,     // true, false, yes, no, on, off, 1, 0 (int)
    BT_OPT_INT,      // a whole number from min to max, or 0 when .zero says what it means (int)
    BT_OPT_SIZE,     // bytes, or with K, M or G (1024 based), from min to max (long long)
    BT_OPT_CHOICE,   // one of .choices, its value (int)
    BT_OPT_FORM,     // a form of its own (a window, a rectangle...): .parse reads it
};

struct bt_option_choice {
    const char *name;
    int value;
    int alias;   // accepted, not listed
};

// A form's reader: sets its field of the struct at `base` from `text`, or writes a message a
// person reads into msg and returns -1.
typedef int (*bt_option_parse_fn)(void *base, const char *text, char *msg, size_t msgsize);

struct bt_option {
    const char *name;
    enum bt_option_type type;
    const char *default_value;   // written as in the file; every default reads without error
    const char *help;            // one line, English, for the man page
    size_t offset, size;         // the field of the struct it sets (not BT_OPT_FORM)
    long long min, max;          // BT_OPT_INT, BT_OPT_SIZE
    const char *zero;            // what 0 means, when it means something of its own (N_())
    const char *what;            // BT_OPT_INT, BT_OPT_SIZE: "a number of seconds" (N_())
    const struct bt_option_choice *choices;   // ends with {NULL}
    const char *values;                       // BT_OPT_FORM: what it takes, for the man page
    bt_option_parse_fn parse;                 // BT_OPT_FORM
};

// Sets o's field of the struct at `base` from `text`. Returns 0, or -1 with a message a person
// reads (translated, quoting the text and saying the range) in msg; a form may have changed its
// field then, so the caller reads the default again.
int bt_option_parse(const struct bt_option *o, void *base, const char *text, char *msg,
                    size_t msgsize);

// The values o takes, as the man page says them: "1 to 86400", "0 (no limit) to 16384G",
// "auto, none or h264_v4l2m2m", "true or false"; "" when it takes any text.
void bt_option_range(const struct bt_option *o, char *buf, size_t size);

// A whole decimal number from min to max (the strict reading above). Returns 0 and sets *out,
// or -1.
int bt_option_parse_int(const char *text, long long min, long long max, long long *out);

// A size: a whole number, or a decimal one followed by K, M or G (either case, 1024 based;
// 1.5G is 1610612736 bytes, a fraction of a byte dropped), from min to max. Returns 0 and sets
// *out, or -1.
int bt_option_parse_size(const char *text, long long min, long long max, long long *out);

// A size as the man page and messages write it: with the largest of G, M, K that divides it.
void bt_option_format_size(long long bytes, char *buf, size_t size);

#endif
