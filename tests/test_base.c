// base/: files written atomically (exact content, an existing file replaced, no temporary left,
// a failure leaving the old file as it was) and mkdir -p.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/file.h"
#include "test.h"

// Names in `dir` that are temporaries of the atomic writer.
static int temporaries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += strstr(e->d_name, ".tmp.") != NULL;
    if (d)
        closedir(d);
    return n;
}

static void atomic_writes(void)
{
    char dir[700];
    snprintf(dir, sizeof(dir), "%s/atomic", bt_test_tmpdir());
    CHECK(mkdir(dir, 0755) == 0, "mkdir %s", dir);
    static const struct {
        const char *name;
        const char *target;   // in dir
        const char *before;   // the target's content first; NULL: none
        int folder;           // the target is a folder (its rename must fail)
        const char *data;
        int ok;
        int err;   // errno on failure
    } cases[] = {
        {"a new file", "new.txt", NULL, 0, "xin chào\n", 1, 0},
        {"an existing file replaced", "old.txt", "a longer, older content\n", 0, "new\n", 1, 0},
        {"empty content", "empty.txt", "something\n", 0, "", 1, 0},
        {"a folder that does not exist", "missing/x.txt", NULL, 0, "x", 0, ENOENT},
        {"a folder in the way", "taken", NULL, 1, "x", 0, EISDIR},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_test_case = cases[i].name;
        char path[800];
        snprintf(path, sizeof(path), "%s/%s", dir, cases[i].target);
        if (cases[i].before) {
            FILE *f = fopen(path, "w");
            CHECK(f && fputs(cases[i].before, f) >= 0 && fclose(f) == 0, "setup");
        }
        if (cases[i].folder)
            CHECK(mkdir(path, 0755) == 0, "setup");
        errno = 0;
        int rc = bt_file_write_atomic(path, cases[i].data, strlen(cases[i].data));
        int e = errno;
        char *got = bt_test_read(path);
        if (cases[i].ok) {
            CHECK(rc == 0, "returned %d (%s)", rc, strerror(e));
            CHECK(got && strcmp(got, cases[i].data) == 0, "content \"%s\"", got ? got : "(none)");
        } else {
            CHECK(rc == -1 && e == cases[i].err, "returned %d, errno %s", rc, strerror(e));
            struct stat st;
            if (cases[i].folder)
                CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode), "the folder was touched");
            else
                CHECK(stat(path, &st) != 0, "a file was made");
        }
        free(got);
        CHECK(temporaries(dir) == 0, "a temporary was left");
    }

    // In steps: what is aborted leaves the old file; what is committed replaces it whole.
    bt_test_case = "in steps";
    char path[800];
    snprintf(path, sizeof(path), "%s/steps.txt", dir);
    CHECK(bt_file_write_atomic(path, "old", 3) == 0, "first");
    struct bt_file_writer *w = bt_file_begin(path);
    CHECK(w && bt_file_write(w, "half", 4) == 0, "begin");
    char *got = bt_test_read(path);
    CHECK(got && strcmp(got, "old") == 0, "the old file changed while writing: %s", got);
    free(got);
    bt_file_abort(w);
    got = bt_test_read(path);
    CHECK(got && strcmp(got, "old") == 0, "aborted, yet the file is %s", got);
    free(got);
    w = bt_file_begin(path);
    CHECK(w && bt_file_write(w, "one ", 4) == 0 && bt_file_write(w, "two", 3) == 0, "write");
    CHECK(bt_file_commit(w) == 0, "commit");
    got = bt_test_read(path);
    CHECK(got && strcmp(got, "one two") == 0, "committed, the file is %s", got);
    free(got);
    CHECK(temporaries(dir) == 0, "a temporary was left");
}

static void mkdirs(void)
{
    char dir[700];
    snprintf(dir, sizeof(dir), "%s/mk", bt_test_tmpdir());
    bt_test_write("mk-file", "not a folder");
    static const struct {
        const char *name;
        const char *path;   // in dir; "FILE" is a file
        int ok;
        int err;
    } cases[] = {
        {"nested", "a/b/c", 1, 0},
        {"existing", "a/b", 1, 0},
        {"trailing slash", "a/d/", 1, 0},
        {"doubled slashes", "a//e///f", 1, 0},
        {"a file in the way", "../mk-file/sub", 0, ENOTDIR},
        {"the path is a file", "../mk-file", 0, ENOTDIR},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        bt_test_case = cases[i].name;
        char path[800];
        snprintf(path, sizeof(path), "%s/%s", dir, cases[i].path);
        errno = 0;
        int rc = bt_file_mkdir_p(path);
        int e = errno;
        struct stat st;
        if (cases[i].ok)
            CHECK(rc == 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode), "returned %d (%s)", rc,
                  strerror(e));
        else
            CHECK(rc == -1 && e == cases[i].err, "returned %d, errno %s", rc, strerror(e));
    }
    bt_test_case = "empty";
    CHECK(bt_file_mkdir_p("") == -1, "an empty path was made");
}

int main(void)
{
    atomic_writes();
    mkdirs();
    return bt_test_end();
}
